import { GitBranch } from "lucide-react";
import { Link } from "react-router";

import { useRelatedTasks } from "@/api/queries";
import { EmptyState } from "@/components/feedback/EmptyState";
import { ErrorState } from "@/components/feedback/ErrorState";
import { LoadingRows } from "@/components/feedback/LoadingRows";
import { Card, CardHeader, CardTitle } from "@/components/ui/card";
import { shortId } from "@/lib/format";
import { ParamChips } from "@/tasks/ParamChips";
import { StatusBadge } from "@/tasks/StatusBadge";

const TITLES = {
  upstream: { title: "Upstream", empty: "No dependencies: this task needs nothing else." },
  downstream: { title: "Downstream", empty: "Nothing depends on this task yet." },
};

/** Direct dependencies (upstream) or dependents (downstream) with their statuses. */
export function RelatedTasks({ taskId, direction }: { taskId: string; direction: "upstream" | "downstream" }) {
  const related = useRelatedTasks(taskId, direction);
  const text = TITLES[direction];
  return (
    <Card data-testid={`${direction}-tasks`}>
      <CardHeader>
        <CardTitle>
          {text.title}
          {related.data && <span className="ml-1.5 text-muted-foreground">{related.data.items.length}</span>}
        </CardTitle>
      </CardHeader>
      {related.isPending ? (
        <LoadingRows rows={2} />
      ) : related.isError ? (
        <div className="p-4">
          <ErrorState error={related.error} onRetry={() => void related.refetch()} />
        </div>
      ) : related.data.items.length === 0 ? (
        <EmptyState icon={GitBranch} title={text.empty} />
      ) : (
        <ul className="divide-y">
          {related.data.items.map((task) => (
            <li key={task.task_id}>
              <Link
                to={`/tasks/${task.task_id}`}
                className="flex items-center gap-3 px-4 py-2 text-sm hover:bg-muted/50"
                data-testid="related-task"
              >
                <StatusBadge status={task.status} />
                <span className="font-medium">{task.family}</span>
                <span className="font-mono text-xs text-muted-foreground">{shortId(task.task_id)}</span>
                <span className="ml-auto hidden min-w-0 md:block">
                  <ParamChips parameters={task.parameters as Record<string, unknown>} />
                </span>
              </Link>
            </li>
          ))}
          {related.data.truncated && (
            <li className="px-4 py-2 text-xs text-muted-foreground">More not shown — open the graph view.</li>
          )}
        </ul>
      )}
    </Card>
  );
}
