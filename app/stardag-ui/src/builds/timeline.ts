import type { BuildTask } from "@/api/types";

/** One bar of the timeline: a task's run, in milliseconds from the timeline's start. */
export interface TimelineBar {
  task: BuildTask;
  startMs: number;
  endMs: number;
  running: boolean;
}

export interface TimelineData {
  bars: TimelineBar[];
  spanMs: number;
}

/**
 * The runs of a build as bars on one time axis starting at the build's start (or its
 * first run, if earlier), ordered by start. A running run ends at `now`.
 */
export function timelineBars(buildStartedAt: string, tasks: BuildTask[], now = Date.now()): TimelineData {
  const ran = tasks.filter((task) => task.started_at);
  const starts = ran.map((task) => new Date(task.started_at!).getTime());
  const origin = Math.min(new Date(buildStartedAt).getTime(), ...starts);
  let end = origin;
  const bars = ran.map((task, index) => {
    const running = task.finished_at === null;
    const finish = running ? now : new Date(task.finished_at!).getTime();
    const bar = { task, startMs: starts[index] - origin, endMs: Math.max(finish, starts[index]) - origin, running };
    end = Math.max(end, bar.endMs + origin);
    return bar;
  });
  bars.sort((a, b) => a.startMs - b.startMs || a.endMs - b.endMs);
  return { bars, spanMs: Math.max(end - origin, 1) };
}

/** Rows to draw for a scroll position: the visible ones plus `overscan` either side. */
export function visibleRange(
  scrollTop: number,
  viewportHeight: number,
  rowHeight: number,
  rowCount: number,
  overscan = 8,
): [number, number] {
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const last = Math.min(rowCount, Math.ceil((scrollTop + viewportHeight) / rowHeight) + overscan);
  return [first, last];
}
