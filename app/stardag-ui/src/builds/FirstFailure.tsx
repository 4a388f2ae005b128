import { CircleSlash, XCircle } from "lucide-react";
import { Link } from "react-router";

import type { BuildFailure, BuildTask } from "@/api/types";
import { Card, CardHeader, CardTitle } from "@/components/ui/card";
import { formatParamValue, shortId } from "@/lib/format";

const BLOCKED_SHOWN = 50;

/** What failed first in the build, its traceback, and the tasks that did not run because of it. */
export function FirstFailure({ failure, tasks }: { failure: BuildFailure; tasks: Map<string, BuildTask> }) {
  const blocked = failure.blocked_task_ids;
  return (
    <Card className="overflow-hidden border-red-200" data-testid="first-failure">
      <CardHeader className="border-b border-red-100 bg-red-50/60">
        <CardTitle className="flex items-center gap-2 text-red-800">
          <XCircle className="size-4" aria-hidden />
          Failed first:
          <Link to={`/tasks/${failure.task_id}`} className="hover:underline">
            {failure.family}
          </Link>
          <span className="font-mono text-xs text-red-700/70">{shortId(failure.task_id)}</span>
        </CardTitle>
      </CardHeader>
      <div className="space-y-3 p-4">
        <p className="font-mono text-sm text-red-800" data-testid="first-failure-message">
          {failure.error_message ?? "(no error message)"}
        </p>
        {failure.traceback && (
          <pre className="max-h-72 overflow-auto rounded bg-slate-950 p-3 text-xs leading-relaxed text-slate-100">
            {failure.traceback}
          </pre>
        )}
        {blocked.length > 0 && (
          <div className="space-y-1.5" data-testid="blocked-tasks">
            <div className="flex items-center gap-1.5 text-sm font-medium text-fuchsia-800">
              <CircleSlash className="size-4" aria-hidden />
              Not run because of it ({blocked.length.toLocaleString()})
            </div>
            <ul className="flex flex-wrap gap-1.5">
              {blocked.slice(0, BLOCKED_SHOWN).map((id) => {
                const task = tasks.get(id);
                return (
                  <li key={id}>
                    <Link
                      to={`/tasks/${id}`}
                      className="inline-flex items-center gap-1 rounded border border-fuchsia-200 bg-fuchsia-50 px-1.5 py-0.5 text-xs text-fuchsia-800 hover:underline"
                    >
                      {task?.family ?? "task"}
                      <span className="font-mono text-fuchsia-700/70">{shortId(id)}</span>
                      {task && Object.keys(task.parameters).length > 0 && (
                        <span className="text-fuchsia-700/70">
                          {Object.entries(task.parameters)
                            .slice(0, 1)
                            .map(([k, v]) => `${k}=${formatParamValue(v)}`)}
                        </span>
                      )}
                    </Link>
                  </li>
                );
              })}
              {blocked.length > BLOCKED_SHOWN && (
                <li className="text-xs text-muted-foreground">and {blocked.length - BLOCKED_SHOWN} more</li>
              )}
            </ul>
          </div>
        )}
      </div>
    </Card>
  );
}
