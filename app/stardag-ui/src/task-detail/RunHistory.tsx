import { History } from "lucide-react";

import type { RunPublic } from "@/api/types";
import { EmptyState } from "@/components/feedback/EmptyState";
import { RelativeTime } from "@/components/RelativeTime";
import { formatDuration, shortId } from "@/lib/format";
import { cn } from "@/lib/utils";
import { StatusBadge } from "@/tasks/StatusBadge";

/** Every attempt of the task, newest first; the selected one is shown below the list. */
export function RunHistory({
  runs,
  selectedRunId,
  onSelect,
}: {
  runs: RunPublic[];
  selectedRunId: string | undefined;
  onSelect: (runId: string) => void;
}) {
  if (runs.length === 0) {
    return (
      <EmptyState icon={History} title="Never run">
        This task is registered but no build has run it yet (or it was already complete).
      </EmptyState>
    );
  }
  return (
    <ul className="divide-y" data-testid="run-history">
      {runs.map((run, index) => (
        <li key={run.run_id}>
          <button
            type="button"
            onClick={() => onSelect(run.run_id)}
            aria-current={run.run_id === selectedRunId}
            data-testid="run-item"
            className={cn(
              "flex w-full cursor-pointer items-center gap-3 px-4 py-2.5 text-left text-sm hover:bg-muted/50",
              run.run_id === selectedRunId && "bg-muted",
            )}
          >
            <StatusBadge status={run.status} />
            <span className="font-mono text-xs text-muted-foreground">run {shortId(run.run_id)}</span>
            {index === 0 && <span className="text-xs text-muted-foreground">(latest)</span>}
            <span className="ml-auto flex items-center gap-4 text-xs text-muted-foreground">
              {run.host && <span>{run.user ? `${run.user}@${run.host}` : run.host}</span>}
              <RelativeTime iso={run.started_at} />
              <span className="w-16 text-right tabular-nums">{formatDuration(run.duration_seconds)}</span>
            </span>
          </button>
        </li>
      ))}
    </ul>
  );
}
