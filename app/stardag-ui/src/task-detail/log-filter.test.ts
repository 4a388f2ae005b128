import { describe, expect, it } from "vitest";

import type { LogRecord } from "@/api/types";
import { filterLogs, logsToText } from "@/task-detail/log-filter";

function record(seq: number, level: LogRecord["level"], message: string, logger = "app"): LogRecord {
  return { seq, level, message, logger, stream: "log", timestamp: `2026-01-01T00:00:0${seq}+00:00` } as LogRecord;
}

const records = [
  record(1, "DEBUG", "loading config"),
  record(2, "INFO", "read 10 rows", "storage"),
  record(3, "WARNING", "slow disk"),
  record(4, "ERROR", "division by zero"),
  record(5, "CRITICAL", "giving up"),
];

describe("filterLogs", () => {
  it("keeps everything at DEBUG with no search", () => {
    expect(filterLogs(records, { minLevel: "DEBUG", search: "" })).toHaveLength(5);
  });

  it("keeps the minimum level and above, in order", () => {
    expect(filterLogs(records, { minLevel: "WARNING", search: "" }).map((r) => r.seq)).toEqual([3, 4, 5]);
  });

  it("searches message and logger case-insensitively", () => {
    expect(filterLogs(records, { minLevel: "DEBUG", search: "DIVISION" }).map((r) => r.seq)).toEqual([4]);
    expect(filterLogs(records, { minLevel: "DEBUG", search: "STORAGE" }).map((r) => r.seq)).toEqual([2]);
  });

  it("combines level and search", () => {
    expect(filterLogs(records, { minLevel: "ERROR", search: "slow" })).toEqual([]);
  });
});

describe("logsToText", () => {
  it("writes one line per record", () => {
    expect(logsToText(records.slice(3, 5))).toBe(
      "2026-01-01T00:00:04+00:00 ERROR    app: division by zero\n" +
        "2026-01-01T00:00:05+00:00 CRITICAL app: giving up\n",
    );
    expect(logsToText([])).toBe("");
  });
});
