import { stateCountPairs } from "@/builds/build-format";
import { STATUS_COLORS, statusLabel } from "@/tasks/StatusBadge";

/** "3 failed · 2 upstream failed · 40 completed", each with its colour dot. */
export function StateCounts({ counts }: { counts?: Record<string, number | undefined> }) {
  const pairs = stateCountPairs(counts ?? {});
  if (pairs.length === 0) return <span className="text-xs text-muted-foreground">no tasks yet</span>;
  return (
    <span className="flex flex-wrap items-center gap-x-3 gap-y-1 text-xs" data-testid="state-counts">
      {pairs.map(([state, count]) => (
        <span key={state} className="inline-flex items-center gap-1" data-state={state} data-count={count}>
          <span
            className="size-2 rounded-full"
            style={{ background: STATUS_COLORS[state as keyof typeof STATUS_COLORS]?.dot ?? "#94a3b8" }}
          />
          <span className="tabular-nums">{count.toLocaleString()}</span>
          <span className="text-muted-foreground">{statusLabel(state)}</span>
        </span>
      ))}
    </span>
  );
}
