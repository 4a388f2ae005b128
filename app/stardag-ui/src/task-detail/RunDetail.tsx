import { AlertOctagon } from "lucide-react";

import type { RunPublic } from "@/api/types";
import { CopyButton } from "@/components/ui/copy-button";
import { formatDuration, formatExact } from "@/lib/format";
import { RunLogs } from "@/task-detail/RunLogs";

/** One run: its timings, its error with the full traceback, and its logs. */
export function RunDetail({ run }: { run: RunPublic }) {
  const facts: [string, string][] = [
    ["Run id", run.run_id],
    ["Build", run.build_id ?? "—"],
    ["Started", formatExact(run.started_at)],
    ["Finished", formatExact(run.finished_at)],
    ["Duration", formatDuration(run.duration_seconds)],
    ["Where", [run.user, run.host].filter(Boolean).join("@") || "—"],
    ["Commit", run.commit_hash ?? "—"],
  ];
  return (
    <div className="space-y-4 p-4" data-testid="run-detail">
      <dl className="grid grid-cols-2 gap-x-6 gap-y-1.5 text-xs md:grid-cols-4">
        {facts.map(([label, value]) => (
          <div key={label} className="min-w-0">
            <dt className="text-muted-foreground">{label}</dt>
            <dd className="truncate font-mono" title={value}>
              {value}
            </dd>
          </div>
        ))}
      </dl>
      {(run.error_message || run.traceback) && (
        <div className="overflow-hidden rounded-md border border-red-200" data-testid="run-error">
          <div className="flex items-start gap-2 bg-red-50 px-3 py-2 text-sm text-red-900">
            <AlertOctagon className="mt-0.5 size-4 shrink-0" />
            <span className="flex-1 font-medium break-words">{run.error_message ?? "The run failed."}</span>
            {run.traceback && <CopyButton value={run.traceback} label="Copy traceback" />}
          </div>
          {run.traceback && (
            <pre
              className="max-h-96 overflow-auto bg-slate-950 p-3 font-mono text-xs leading-5 text-red-200"
              data-testid="run-traceback"
            >
              {run.traceback}
            </pre>
          )}
        </div>
      )}
      <div>
        <h3 className="mb-2 text-sm font-semibold">Logs</h3>
        <RunLogs runId={run.run_id} runActive={run.status === "running"} />
      </div>
    </div>
  );
}
