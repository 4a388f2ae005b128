import { Link } from "react-router";

import type { BuildTask } from "@/api/types";
import { formatParamValue, shortId } from "@/lib/format";
import { StatusBadge } from "@/tasks/StatusBadge";

const SHOWN_PER_STATE = 100;
const NOT_RUN_STATES = ["upstream_failed", "cancelled", "pending", "skipped"] as const;
const EXPLANATIONS: Record<(typeof NOT_RUN_STATES)[number], string> = {
  upstream_failed: "not run: an upstream task failed",
  cancelled: "not run: the build stopped before reaching them",
  pending: "waiting to run",
  skipped: "already complete: found done, not run again",
};

/** The build's tasks that did not run, grouped by why (with the failed upstream task named). */
export function NotRunTasks({ tasks, families }: { tasks: BuildTask[]; families: Map<string, BuildTask> }) {
  const groups = NOT_RUN_STATES.map((state) => [state, tasks.filter((t) => t.state === state && !t.run_id)] as const)
    .filter(([, group]) => group.length > 0);
  if (groups.length === 0) return null;
  return (
    <div className="divide-y" data-testid="not-run">
      {groups.map(([state, group]) => (
        <section key={state} className="space-y-2 px-4 py-3" data-state={state}>
          <div className="flex items-center gap-2 text-sm">
            <StatusBadge status={state} />
            <span className="tabular-nums">{group.length.toLocaleString()}</span>
            <span className="text-muted-foreground">{EXPLANATIONS[state]}</span>
          </div>
          <ul className="grid gap-1 text-xs md:grid-cols-2">
            {group.slice(0, SHOWN_PER_STATE).map((task) => {
              const cause = task.cause_task_id ? families.get(task.cause_task_id) : undefined;
              return (
                <li key={task.task_id} className="flex items-center gap-2" data-testid="not-run-task" data-task-id={task.task_id}>
                  <Link to={`/tasks/${task.task_id}`} className="font-medium hover:underline">
                    {task.family}
                  </Link>
                  <span className="truncate font-mono text-muted-foreground">
                    {Object.entries(task.parameters)
                      .slice(0, 2)
                      .map(([k, v]) => `${k}=${formatParamValue(v)}`)
                      .join(" ") || shortId(task.task_id)}
                  </span>
                  {task.cause_task_id && (
                    <span className="shrink-0 text-fuchsia-700" data-testid="cause">
                      ← {cause?.family ?? "task"}{" "}
                      <Link to={`/tasks/${task.cause_task_id}`} className="font-mono hover:underline">
                        {shortId(task.cause_task_id)}
                      </Link>{" "}
                      failed
                    </span>
                  )}
                </li>
              );
            })}
          </ul>
          {group.length > SHOWN_PER_STATE && (
            <p className="text-xs text-muted-foreground">and {(group.length - SHOWN_PER_STATE).toLocaleString()} more</p>
          )}
        </section>
      ))}
    </div>
  );
}
