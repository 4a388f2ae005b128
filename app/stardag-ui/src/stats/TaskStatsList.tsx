import { Link } from "react-router";

import type { TaskRunStats } from "@/api/types";
import { formatDuration, keyParameters, shortId } from "@/lib/format";

/** Tasks with one figure each: the slowest (longest run) or the most failing. */
export function TaskStatsList({ tasks, figure }: { tasks: TaskRunStats[]; figure: "slowest" | "failing" }) {
  if (tasks.length === 0) return <p className="px-4 pb-4 text-sm text-muted-foreground">None in this window.</p>;
  return (
    <ul className="divide-y text-sm" data-testid={`${figure}-tasks`}>
      {tasks.map((task) => (
        <li key={task.task_id} className="flex items-center gap-2 px-4 py-1.5">
          <Link to={`/tasks/${task.task_id}`} className="shrink-0 font-medium hover:underline">
            {task.family}
          </Link>
          <span className="truncate font-mono text-xs text-muted-foreground" title={task.last_error ?? undefined}>
            {keyParameters(task.parameters, 2)
              .map(([k, v]) => `${k}=${v}`)
              .join(" ") || shortId(task.task_id)}
          </span>
          <span className="ml-auto shrink-0 tabular-nums">
            {figure === "slowest"
              ? formatDuration(task.max_seconds)
              : `${task.failed} of ${task.runs} failed`}
          </span>
        </li>
      ))}
    </ul>
  );
}
