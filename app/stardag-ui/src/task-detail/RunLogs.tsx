import { Download, ScrollText, Search } from "lucide-react";
import * as React from "react";

import { fetchAllLogs, LOG_LOAD_LIMIT, useRunLogs } from "@/api/queries";
import { LOG_LEVELS, type LogLevel } from "@/api/types";
import { EmptyState } from "@/components/feedback/EmptyState";
import { ErrorState } from "@/components/feedback/ErrorState";
import { LoadingRows } from "@/components/feedback/LoadingRows";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/native-select";
import { cn } from "@/lib/utils";
import { filterLogs, logsToText } from "@/task-detail/log-filter";

const LEVEL_STYLE: Record<string, string> = {
  DEBUG: "text-slate-400",
  INFO: "text-sky-300",
  WARNING: "text-amber-300",
  ERROR: "text-red-400",
  CRITICAL: "text-red-300 font-bold",
};

function downloadText(filename: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: "text/plain" }));
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  link.click();
  URL.revokeObjectURL(url);
}

/** The retention cutoff as "2026-09-03 10:00 UTC" (the API sends ISO 8601 in UTC). */
function formatCutoff(iso: string): string {
  return `${iso.slice(0, 16).replace("T", " ")} UTC`;
}

/** A run's logs with a minimum-level filter, a search box and a download button. */
export function RunLogs({ runId, runActive }: { runId: string; runActive: boolean }) {
  const logs = useRunLogs(runId, runActive);
  const [minLevel, setMinLevel] = React.useState<LogLevel>("DEBUG");
  const [search, setSearch] = React.useState("");
  const [downloading, setDownloading] = React.useState(false);
  const shown = React.useMemo(
    () => filterLogs(logs.data?.items ?? [], { minLevel, search }),
    [logs.data, minLevel, search],
  );

  const download = async () => {
    setDownloading(true);
    try {
      downloadText(`stardag-run-${runId}.log`, logsToText(await fetchAllLogs(runId)));
    } finally {
      setDownloading(false);
    }
  };

  return (
    <div className="space-y-2" data-testid="run-logs">
      <div className="flex flex-wrap items-center gap-2">
        <NativeSelect
          aria-label="Minimum log level"
          className="w-36"
          value={minLevel}
          onChange={(event) => setMinLevel(event.target.value as LogLevel)}
        >
          {LOG_LEVELS.map((level) => (
            <option key={level} value={level}>
              {level === "DEBUG" ? "All levels" : `${level}+`}
            </option>
          ))}
        </NativeSelect>
        <div className="relative min-w-48 flex-1">
          <Search className="pointer-events-none absolute left-2.5 top-1/2 size-4 -translate-y-1/2 text-muted-foreground" />
          <Input
            aria-label="Search logs"
            placeholder="Search logs…"
            className="pl-8"
            value={search}
            onChange={(event) => setSearch(event.target.value)}
          />
        </div>
        <span className="text-xs text-muted-foreground tabular-nums" data-testid="log-count">
          {shown.length} of {logs.data?.items.length ?? 0} lines
        </span>
        <Button variant="outline" size="sm" onClick={() => void download()} disabled={downloading || !logs.data}>
          <Download /> Download
        </Button>
      </div>
      {logs.isPending ? (
        <LoadingRows rows={4} />
      ) : logs.isError ? (
        <ErrorState error={logs.error} onRetry={() => void logs.refetch()} />
      ) : logs.data.items.length === 0 && logs.data.removed_before ? (
        <EmptyState icon={ScrollText} title="Logs removed by retention">
          Log records stamped before {formatCutoff(logs.data.removed_before)} are removed by the
          registry&apos;s log retention policy.
        </EmptyState>
      ) : logs.data.items.length === 0 ? (
        <EmptyState icon={ScrollText} title="No logs for this run">
          Records a task logs (or prints) while it runs appear here.
        </EmptyState>
      ) : (
        <div className="max-h-[28rem] overflow-auto rounded-md bg-slate-950 p-3 font-mono text-xs leading-5 text-slate-200">
          {logs.data.removed_before && (
            <div className="mb-2 text-amber-300" data-testid="logs-retention-note">
              Earlier lines removed by retention (records before {formatCutoff(logs.data.removed_before)}).
            </div>
          )}
          {shown.length === 0 && <div className="text-slate-400">No lines match the filter.</div>}
          {shown.map((record) => (
            <div key={record.seq} className="flex gap-3 whitespace-pre-wrap" data-testid="log-line">
              <span className="shrink-0 text-slate-500">{record.timestamp.slice(11, 23)}</span>
              <span className={cn("w-16 shrink-0", LEVEL_STYLE[record.level])}>{record.level}</span>
              <span className="min-w-0 break-words">
                {record.logger && <span className="text-slate-500">{record.logger}: </span>}
                {record.message}
              </span>
            </div>
          ))}
          {logs.data.next_after_seq != null && logs.data.items.length >= LOG_LOAD_LIMIT && (
            <div className="mt-2 text-amber-300">
              Showing the first {LOG_LOAD_LIMIT.toLocaleString()} lines; download to get all of them.
            </div>
          )}
        </div>
      )}
    </div>
  );
}
