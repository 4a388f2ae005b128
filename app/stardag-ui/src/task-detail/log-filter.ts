import { LOG_LEVELS, type LogLevel, type LogRecord } from "@/api/types";

export interface LogFilter {
  /** Show records at this level or above. */
  minLevel: LogLevel;
  /** Case-insensitive substring of message or logger. */
  search: string;
}

const RANK: Record<string, number> = Object.fromEntries(LOG_LEVELS.map((level, i) => [level, i]));

/** The records that pass `filter`, in their original order. */
export function filterLogs(records: LogRecord[], filter: LogFilter): LogRecord[] {
  const minRank = RANK[filter.minLevel] ?? 0;
  const needle = filter.search.trim().toLowerCase();
  return records.filter(
    (record) =>
      (RANK[record.level] ?? 0) >= minRank &&
      (!needle ||
        record.message.toLowerCase().includes(needle) ||
        (record.logger ?? "").toLowerCase().includes(needle)),
  );
}

/** Plain-text log file: one line per record (multi-line messages kept as they are). */
export function logsToText(records: LogRecord[]): string {
  return records
    .map((r) => `${r.timestamp} ${r.level.padEnd(8)} ${r.logger ? `${r.logger}: ` : ""}${r.message}`)
    .join("\n")
    .concat(records.length ? "\n" : "");
}
