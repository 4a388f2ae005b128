import * as React from "react";

import { config } from "@/lib/config";
import { useLiveStatus } from "@/live/LiveUpdates";

const STORAGE_KEY = "stardag.pollIntervalMs";

/** Choices offered in the header; 0 turns auto-refresh off. */
export const POLL_INTERVAL_CHOICES = [0, 2000, 5000, 10000, 30000] as const;

type PollIntervalState = { intervalMs: number; setIntervalMs: (ms: number) => void };

const PollIntervalContext = React.createContext<PollIntervalState>({
  intervalMs: config.defaultPollIntervalMs,
  setIntervalMs: () => undefined,
});

function readStored(): number {
  try {
    const stored = window.localStorage.getItem(STORAGE_KEY);
    if (stored !== null && Number.isFinite(Number(stored))) return Number(stored);
  } catch {
    // Storage may be disabled; the default is fine.
  }
  return config.defaultPollIntervalMs;
}

/**
 * Holds the auto-refresh interval (persisted in localStorage). Queries poll with it
 * only while something they show is pending or running.
 */
export function PollIntervalProvider({ children }: { children: React.ReactNode }) {
  const [intervalMs, setState] = React.useState<number>(readStored);
  const setIntervalMs = React.useCallback((ms: number) => {
    setState(ms);
    try {
      window.localStorage.setItem(STORAGE_KEY, String(ms));
    } catch {
      // Not persisted; still applies to this tab.
    }
  }, []);
  const value = React.useMemo(() => ({ intervalMs, setIntervalMs }), [intervalMs, setIntervalMs]);
  return <PollIntervalContext.Provider value={value}>{children}</PollIntervalContext.Provider>;
}

/** The interval queries poll with: none while the live event stream delivers changes. */
export function usePollInterval(): number {
  const interval = React.useContext(PollIntervalContext).intervalMs;
  return useLiveStatus() === "live" ? 0 : interval;
}

export function usePollIntervalSetting(): PollIntervalState {
  return React.useContext(PollIntervalContext);
}
