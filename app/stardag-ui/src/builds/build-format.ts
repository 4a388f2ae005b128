import type { BuildPublic } from "@/api/types";

/** The order a build's states are listed in, most telling first. */
export const STATE_ORDER = [
  "failed",
  "upstream_failed",
  "cancelled",
  "running",
  "pending",
  "completed",
  "skipped",
] as const;

/** Seconds from the build's start to its end (or to `now` while it runs). */
export function buildSeconds(build: Pick<BuildPublic, "started_at" | "finished_at">, now = Date.now()): number {
  const end = build.finished_at ? new Date(build.finished_at).getTime() : now;
  return Math.max(0, (end - new Date(build.started_at).getTime()) / 1000);
}

/** [state, count] pairs with a count, in `STATE_ORDER`. */
export function stateCountPairs(counts: Record<string, number | undefined>): [string, number][] {
  return STATE_ORDER.flatMap((state) => (counts[state] ? [[state, counts[state]!] as [string, number]] : []));
}
