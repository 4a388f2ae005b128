import * as React from "react";
import { Link } from "react-router";

import type { BuildTask } from "@/api/types";
import { timelineBars, visibleRange } from "@/builds/timeline";
import { formatDuration, keyParameters } from "@/lib/format";
import { STATUS_COLORS, statusLabel } from "@/tasks/StatusBadge";

const ROW_HEIGHT = 24;
const VIEWPORT_HEIGHT = 480;
const LABEL_WIDTH = 280;
const TICKS = [0, 0.25, 0.5, 0.75, 1];

/**
 * A Gantt chart of the build's runs: one row per run, bars on a shared time axis, so
 * parallel runs overlap. Only the rows in view are in the DOM (10,000-run builds scroll
 * as smoothly as ten-run ones).
 */
export function BuildTimeline({ startedAt, tasks }: { startedAt: string; tasks: BuildTask[] }) {
  const { bars, spanMs } = React.useMemo(() => timelineBars(startedAt, tasks), [startedAt, tasks]);
  const [scrollTop, setScrollTop] = React.useState(0);
  if (bars.length === 0) {
    return <p className="p-4 text-sm text-muted-foreground">No task has run in this build yet.</p>;
  }
  const height = Math.min(VIEWPORT_HEIGHT, bars.length * ROW_HEIGHT);
  const [first, last] = visibleRange(scrollTop, height, ROW_HEIGHT, bars.length);
  return (
    <div data-testid="timeline" data-bars={bars.length}>
      <div className="flex border-b text-[11px] text-muted-foreground">
        <div style={{ width: LABEL_WIDTH }} className="shrink-0 px-3 py-1">
          {bars.length.toLocaleString()} run{bars.length === 1 ? "" : "s"}
        </div>
        <div className="relative h-6 flex-1">
          {TICKS.map((tick) => (
            <span
              key={tick}
              className="absolute top-1 -translate-x-1/2 tabular-nums"
              style={{ left: `${tick * 100}%`, transform: tick === 1 ? "translateX(-100%)" : tick === 0 ? "none" : undefined }}
            >
              {formatDuration((tick * spanMs) / 1000)}
            </span>
          ))}
        </div>
      </div>
      <div
        className="relative overflow-y-auto"
        style={{ height }}
        onScroll={(event) => setScrollTop(event.currentTarget.scrollTop)}
        data-testid="timeline-scroll"
      >
        <div style={{ height: bars.length * ROW_HEIGHT, position: "relative" }}>
          {bars.slice(first, last).map((bar, offset) => {
            const { task } = bar;
            const colors = STATUS_COLORS[task.state as keyof typeof STATUS_COLORS] ?? STATUS_COLORS.pending;
            const params = keyParameters(task.parameters, 2)
              .map(([k, v]) => `${k}=${v}`)
              .join(" ");
            return (
              <div
                key={task.task_id}
                className="absolute flex w-full items-center border-b border-slate-100 hover:bg-muted/40"
                style={{ top: (first + offset) * ROW_HEIGHT, height: ROW_HEIGHT }}
              >
                <Link
                  to={`/tasks/${task.task_id}`}
                  className="shrink-0 truncate px-3 text-xs hover:underline"
                  style={{ width: LABEL_WIDTH }}
                  title={`${task.family} ${params}`}
                >
                  <span className="font-medium">{task.family}</span>{" "}
                  <span className="font-mono text-muted-foreground">{params}</span>
                </Link>
                <div className="relative h-full flex-1">
                  <div
                    data-testid="timeline-bar"
                    data-task-id={task.task_id}
                    data-state={task.state}
                    data-start-ms={bar.startMs}
                    data-end-ms={bar.endMs}
                    className="absolute top-1 bottom-1 rounded-sm"
                    style={{
                      left: `${(bar.startMs / spanMs) * 100}%`,
                      width: `max(2px, ${((bar.endMs - bar.startMs) / spanMs) * 100}%)`,
                      background: colors.dot,
                      opacity: bar.running ? 0.7 : 1,
                    }}
                    title={`${task.family}: ${statusLabel(task.state)}, ${formatDuration((bar.endMs - bar.startMs) / 1000)}`}
                  />
                </div>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
