import { Link } from "react-router";

import type { BuildTask } from "@/api/types";
import { formatDuration, shortId } from "@/lib/format";

/** The build's longest runs, longest first. */
export function SlowestRuns({ tasks, count = 8 }: { tasks: BuildTask[]; count?: number }) {
  const slowest = tasks
    .filter((task) => task.duration_seconds !== null)
    .sort((a, b) => b.duration_seconds! - a.duration_seconds!)
    .slice(0, count);
  if (slowest.length === 0) return <p className="px-4 pb-4 text-sm text-muted-foreground">No finished runs yet.</p>;
  return (
    <ul className="divide-y text-sm">
      {slowest.map((task) => (
        <li key={task.task_id} className="flex items-center gap-2 px-4 py-1.5">
          <Link to={`/tasks/${task.task_id}`} className="truncate hover:underline">
            {task.family}
          </Link>
          <span className="font-mono text-xs text-muted-foreground">{shortId(task.task_id)}</span>
          <span className="ml-auto tabular-nums">{formatDuration(task.duration_seconds)}</span>
        </li>
      ))}
    </ul>
  );
}
