import { describe, expect, it } from "vitest";

import type { BuildTask } from "@/api/types";
import { timelineBars, visibleRange } from "@/builds/timeline";

function task(id: string, start: string | null, finish: string | null): BuildTask {
  return {
    task_id: id,
    namespace: "",
    family: "f",
    parameters: {},
    state: finish ? "completed" : start ? "running" : "skipped",
    cause_task_id: null,
    run_id: start ? `run-${id}` : null,
    started_at: start,
    finished_at: finish,
    duration_seconds: null,
    error_message: null,
    updated_at: start ?? "2026-01-01T00:00:00Z",
  };
}

describe("timelineBars", () => {
  it("places runs on one axis from the build's start, by start, skipping unrun tasks", () => {
    const { bars, spanMs } = timelineBars("2026-01-01T00:00:00Z", [
      task("b", "2026-01-01T00:00:02Z", "2026-01-01T00:00:05Z"),
      task("a", "2026-01-01T00:00:01Z", "2026-01-01T00:00:04Z"),
      task("s", null, null),
    ]);
    expect(bars.map((bar) => [bar.task.task_id, bar.startMs, bar.endMs])).toEqual([
      ["a", 1000, 4000],
      ["b", 2000, 5000],
    ]);
    expect(spanMs).toBe(5000);
  });

  it("lets a running run reach now", () => {
    const now = new Date("2026-01-01T00:00:10Z").getTime();
    const { bars } = timelineBars("2026-01-01T00:00:00Z", [task("r", "2026-01-01T00:00:03Z", null)], now);
    expect(bars[0]).toMatchObject({ startMs: 3000, endMs: 10000, running: true });
  });
});

describe("visibleRange", () => {
  it("covers the viewport plus overscan, within bounds", () => {
    expect(visibleRange(0, 100, 20, 1000, 2)).toEqual([0, 7]);
    expect(visibleRange(10_000, 100, 20, 1000, 2)).toEqual([498, 507]);
    expect(visibleRange(19_990, 100, 20, 1000, 2)).toEqual([997, 1000]);
  });
});
