/**
 * Live updates from the server's event stream (`GET /api/v1/stream`, server-sent events).
 *
 * One EventSource per tab. Each batch of changes marks the queries it may affect stale,
 * and TanStack Query refetches those on screen; refetches are throttled so a build
 * finishing thousands of tasks a second costs a few requests, not thousands. While the
 * stream is up, polling is off (see `usePollInterval`); when it drops, polling resumes
 * until the browser reconnects it.
 *
 * With authentication on, an EventSource cannot send the API key (or sign-in token) as
 * a header, so the tab first asks the server to put it into a cookie that only the
 * stream route reads (`POST /api/v1/stream/session`: HttpOnly, SameSite=Strict).
 */
import { type QueryClient, useQueryClient } from "@tanstack/react-query";
import * as React from "react";

import { api } from "@/api/client";
import { getApiKey, subscribeApiKey } from "@/auth/api-key";
import { config } from "@/lib/config";

export type LiveStatus = "connecting" | "live" | "offline";

/** One change as the stream sends it (see the API's /stream description). */
export interface Change {
  kind: "run" | "task_state" | "build" | "logs";
  run_id?: string;
  task_id?: string;
  build_id?: string;
  status?: string;
  state?: string;
}

/** Shortest time between two refetch waves; the first change of a quiet period goes at once.
 *  A wave whose refetches took long (a 10,000-task build page) spaces the next ones out to
 *  twice its duration, so a busy build never keeps the browser and the server refetching. */
export const REFRESH_GAP_MS = 400;

const LiveContext = React.createContext<LiveStatus>("offline");

/** Mark every query a batch of changes may affect stale (on-screen ones refetch). */
export function invalidateFor(queryClient: QueryClient, changes: Change[] | null): Promise<void> {
  if (changes === null) return queryClient.invalidateQueries();
  const runs = new Set(changes.flatMap((c) => (c.run_id ? [c.run_id] : [])));
  const onlyLogs = changes.every((c) => c.kind === "logs");
  return queryClient.invalidateQueries({
    predicate: (query) => {
      const [scope, kind, id] = query.queryKey as [string, string?, string?];
      if (scope === "runs" && kind === "logs") return typeof id === "string" && runs.has(id);
      return !onlyLogs;
    },
  });
}

export function LiveUpdatesProvider({ children }: { children: React.ReactNode }) {
  const queryClient = useQueryClient();
  const [status, setStatus] = React.useState<LiveStatus>(
    typeof EventSource === "undefined" ? "offline" : "connecting",
  );

  const apiKey = React.useSyncExternalStore(subscribeApiKey, getApiKey, () => null);

  React.useEffect(() => {
    if (typeof EventSource === "undefined") return;
    let source: EventSource | null = null;
    let closed = false;
    let pending: Change[] | null = [];
    let timer: ReturnType<typeof setTimeout> | null = null;
    let lastWave = 0;
    let gap = REFRESH_GAP_MS;
    const flush = () => {
      timer = null;
      const started = performance.now();
      lastWave = started;
      const batch = pending;
      pending = [];
      void invalidateFor(queryClient, batch)
        .catch(() => undefined)
        .then(() => {
          gap = Math.max(REFRESH_GAP_MS, 2 * (performance.now() - started));
        });
    };
    const schedule = (changes: Change[] | null) => {
      pending = changes === null || pending === null ? null : pending.concat(changes);
      if (timer !== null) return;
      const wait = Math.max(0, lastWave + gap - performance.now());
      timer = setTimeout(flush, wait);
    };
    let connectedBefore = false;
    const listen = (source: EventSource) => {
      source.addEventListener("ready", () => {
        setStatus("live");
        // After a reconnection, refetch whatever changed while the stream was down (the
        // first connection comes with the page's own fresh fetches).
        if (connectedBefore) schedule(null);
        connectedBefore = true;
      });
      source.addEventListener("changes", (event) => schedule(JSON.parse((event as MessageEvent).data) as Change[]));
      source.addEventListener("resync", () => schedule(null));
      source.onerror = () => setStatus(source.readyState === EventSource.CLOSED ? "offline" : "connecting");
    };
    const open = () => {
      if (closed) return;
      source = new EventSource(`${config.apiBaseUrl}/api/v1/stream`);
      listen(source);
    };
    if (apiKey) {
      // Without the cookie the stream answers 401 and the page polls instead.
      api.POST("/api/v1/stream/session").then(open, open);
    } else {
      open();
    }
    return () => {
      closed = true;
      source?.close();
      if (timer !== null) clearTimeout(timer);
    };
  }, [queryClient, apiKey]);

  return <LiveContext.Provider value={status}>{children}</LiveContext.Provider>;
}

/** "live" while the event stream is connected. */
export function useLiveStatus(): LiveStatus {
  return React.useContext(LiveContext);
}
