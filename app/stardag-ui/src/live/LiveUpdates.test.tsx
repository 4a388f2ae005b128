import { QueryClient, QueryClientProvider, useQuery } from "@tanstack/react-query";
import { act, render, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";

import { setApiKey } from "@/auth/api-key";
import { PollIntervalProvider, usePollInterval } from "@/lib/poll-interval";
import { LiveUpdatesProvider } from "@/live/LiveUpdates";

/** A stand-in for the browser's EventSource that the test drives by hand. */
class FakeEventSource {
  static CLOSED = 2;
  static last: FakeEventSource | null = null;
  readyState = 1;
  onerror: (() => void) | null = null;
  private listeners = new Map<string, ((event: MessageEvent) => void)[]>();
  constructor(public url: string) {
    FakeEventSource.last = this;
  }
  addEventListener(name: string, listener: (event: MessageEvent) => void) {
    this.listeners.set(name, [...(this.listeners.get(name) ?? []), listener]);
  }
  emit(name: string, data: unknown) {
    for (const listener of this.listeners.get(name) ?? []) listener(new MessageEvent(name, { data: JSON.stringify(data) }));
  }
  close() {
    this.readyState = FakeEventSource.CLOSED;
  }
}

afterEach(() => {
  vi.unstubAllGlobals();
  setApiKey(null);
  FakeEventSource.last = null;
});

function Probe({ fetchCount }: { fetchCount: () => number }) {
  const interval = usePollInterval();
  const query = useQuery({ queryKey: ["builds", "detail", "b1"], queryFn: async () => fetchCount() });
  return (
    <div>
      <span data-testid="fetches">{query.data}</span>
      <span data-testid="interval">{interval}</span>
    </div>
  );
}

describe("LiveUpdatesProvider", () => {
  it("with a key, opens the stream only after the server has set its cookie", async () => {
    vi.stubGlobal("EventSource", FakeEventSource);
    setApiKey("stardag_0123456789ab_secret");
    const calls: string[] = [];
    vi.stubGlobal(
      "fetch",
      vi.fn(async (request: Request) => {
        calls.push(`${request.method} ${new URL(request.url).pathname} ${request.headers.get("Authorization")}`);
        // The stream must not be opened before this answer arrives.
        expect(FakeEventSource.last).toBeNull();
        return new Response(JSON.stringify({ stream_path: "/api/v1/stream" }), {
          headers: { "content-type": "application/json" },
        });
      }),
    );
    render(
      <QueryClientProvider client={new QueryClient()}>
        <LiveUpdatesProvider>
          <span />
        </LiveUpdatesProvider>
      </QueryClientProvider>,
    );
    await waitFor(() => expect(FakeEventSource.last?.url).toContain("/api/v1/stream"));
    expect(calls).toEqual(["POST /api/v1/stream/session Bearer stardag_0123456789ab_secret"]);
  });

  it("refetches shown queries when changes arrive, and turns polling off while live", async () => {
    vi.stubGlobal("EventSource", FakeEventSource);
    window.localStorage.setItem("stardag.pollIntervalMs", "5000");
    let fetches = 0;
    const client = new QueryClient();
    render(
      <QueryClientProvider client={client}>
        <LiveUpdatesProvider>
          <PollIntervalProvider>
            <Probe fetchCount={() => ++fetches} />
          </PollIntervalProvider>
        </LiveUpdatesProvider>
      </QueryClientProvider>,
    );
    await waitFor(() => expect(screen.getByTestId("fetches").textContent).toBe("1"));
    expect(screen.getByTestId("interval").textContent).toBe("5000");
    expect(FakeEventSource.last?.url).toContain("/api/v1/stream");

    act(() => FakeEventSource.last!.emit("ready", {}));
    expect(screen.getByTestId("interval").textContent).toBe("0");
    act(() => FakeEventSource.last!.emit("changes", [{ kind: "run", build_id: "b1", status: "completed" }]));
    await waitFor(() => expect(screen.getByTestId("fetches").textContent).toBe("2"));
    window.localStorage.clear();
  });
});
