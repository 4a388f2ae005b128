import { Network } from "lucide-react";
import * as React from "react";
import { Link, useParams, useSearchParams } from "react-router";

import { useTask, useTaskRuns } from "@/api/queries";
import type { TaskDetail } from "@/api/types";
import { ErrorState } from "@/components/feedback/ErrorState";
import { LoadingRows } from "@/components/feedback/LoadingRows";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { formatDuration, formatExact } from "@/lib/format";
import { JsonView } from "@/task-detail/JsonView";
import { RelatedTasks } from "@/task-detail/RelatedTasks";
import { RunDetail } from "@/task-detail/RunDetail";
import { RunHistory } from "@/task-detail/RunHistory";
import { StatusBadge } from "@/tasks/StatusBadge";

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="flex items-baseline justify-between gap-4 py-1.5 text-sm">
      <dt className="shrink-0 text-muted-foreground">{label}</dt>
      <dd className="min-w-0 truncate text-right">{children}</dd>
    </div>
  );
}

function TaskHeader({ task }: { task: TaskDetail }) {
  return (
    <div className="flex flex-wrap items-start justify-between gap-4">
      <div className="min-w-0 space-y-1">
        <div className="flex items-center gap-3">
          <h1 className="text-xl font-semibold tracking-tight" data-testid="task-family-title">
            {task.family}
          </h1>
          <StatusBadge status={task.status} />
        </div>
        <div className="flex flex-wrap items-center gap-x-4 gap-y-1 text-xs text-muted-foreground">
          <span className="inline-flex items-center gap-1 font-mono" data-testid="task-id">
            {task.task_id}
            <CopyButton value={task.task_id} label="Copy task id" />
          </span>
          {task.namespace && <span>namespace {task.namespace}</span>}
          {task.version && <span>version {task.version}</span>}
        </div>
      </div>
      <Button asChild variant="outline">
        <Link to={`/tasks/${task.task_id}/graph`}>
          <Network /> Graph
        </Link>
      </Button>
    </div>
  );
}

function Runs({ task }: { task: TaskDetail }) {
  const runs = useTaskRuns(task.task_id);
  const [params, setParams] = useSearchParams();
  const items = runs.data?.items ?? [];
  const selected = items.find((run) => run.run_id === params.get("run")) ?? items[0];
  return (
    <Card>
      <CardHeader>
        <CardTitle>
          Runs {runs.data && <span className="ml-1 text-muted-foreground">{items.length}</span>}
        </CardTitle>
      </CardHeader>
      {runs.isPending ? (
        <LoadingRows rows={2} />
      ) : runs.isError ? (
        <div className="p-4">
          <ErrorState error={runs.error} onRetry={() => void runs.refetch()} />
        </div>
      ) : (
        <>
          <RunHistory
            runs={items}
            selectedRunId={selected?.run_id}
            onSelect={(runId) => setParams({ run: runId }, { replace: true })}
          />
          {selected && (
            <div className="border-t">
              <RunDetail run={selected} />
            </div>
          )}
        </>
      )}
    </Card>
  );
}

/** Everything about one task: parameters, output, timings, neighbours and runs. */
export function TaskDetailPage() {
  const { taskId = "" } = useParams();
  const task = useTask(taskId);

  if (task.isPending) return <LoadingRows rows={10} />;
  if (task.isError) return <ErrorState error={task.error} onRetry={() => void task.refetch()} />;
  const t = task.data;

  return (
    <div className="space-y-4">
      <TaskHeader task={t} />
      <div className="grid gap-4 lg:grid-cols-3">
        <Card className="lg:col-span-2">
          <CardHeader>
            <CardTitle>Parameters</CardTitle>
            <CopyButton value={JSON.stringify(t.parameters, null, 2)} label="Copy parameters as JSON" />
          </CardHeader>
          <CardContent className="max-h-[28rem] overflow-auto" data-testid="task-parameters">
            <JsonView value={t.parameters} />
          </CardContent>
        </Card>
        <div className="space-y-4">
          <Card>
            <CardHeader>
              <CardTitle>Output</CardTitle>
            </CardHeader>
            <CardContent className="flex items-center gap-1">
              {t.output_uri ? (
                <>
                  <code className="min-w-0 flex-1 break-all font-mono text-xs" data-testid="output-uri">
                    {t.output_uri}
                  </code>
                  <CopyButton value={t.output_uri} label="Copy output URI" />
                </>
              ) : (
                <span className="text-sm text-muted-foreground">This task declares no output.</span>
              )}
            </CardContent>
          </Card>
          <Card>
            <CardHeader>
              <CardTitle>Timings</CardTitle>
            </CardHeader>
            <CardContent className="py-2">
              <dl className="divide-y">
                <Fact label="Registered">{formatExact(t.created_at)}</Fact>
                <Fact label="Updated">{formatExact(t.updated_at)}</Fact>
                <Fact label="Started">{formatExact(t.started_at)}</Fact>
                <Fact label="Finished">{formatExact(t.finished_at)}</Fact>
                <Fact label="Duration">{formatDuration(t.duration_seconds)}</Fact>
                <Fact label="By">{[t.user, t.host].filter(Boolean).join("@") || "—"}</Fact>
                <Fact label="Commit">
                  <span className="font-mono text-xs">{t.commit_hash ?? "—"}</span>
                </Fact>
              </dl>
            </CardContent>
          </Card>
        </div>
      </div>
      <div className="grid gap-4 lg:grid-cols-2">
        <RelatedTasks taskId={t.task_id} direction="upstream" />
        <RelatedTasks taskId={t.task_id} direction="downstream" />
      </div>
      <Runs task={t} />
    </div>
  );
}
