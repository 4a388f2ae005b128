import { ArrowLeft } from "lucide-react";
import * as React from "react";
import { Link, useParams } from "react-router";

import { useBuildInSteps } from "@/api/queries";
import type { BuildTask } from "@/api/types";
import { buildSeconds } from "@/builds/build-format";
import { BuildTimeline } from "@/builds/BuildTimeline";
import { FirstFailure } from "@/builds/FirstFailure";
import { NotRunTasks } from "@/builds/NotRunTasks";
import { SlowestRuns } from "@/builds/SlowestRuns";
import { StateCounts } from "@/builds/StateCounts";
import { ErrorState } from "@/components/feedback/ErrorState";
import { LoadingRows } from "@/components/feedback/LoadingRows";
import { RelativeTime } from "@/components/RelativeTime";
import { Button } from "@/components/ui/button";
import { Card, CardHeader, CardTitle } from "@/components/ui/card";
import { formatDuration, formatExact, shortId } from "@/lib/format";
import { StatusBadge } from "@/tasks/StatusBadge";

/** One build: status and counts, what failed first and why, what it blocked, the timeline. */
export function BuildDetailPage() {
  const { buildId = "" } = useParams();
  const build = useBuildInSteps(buildId);
  const byId = React.useMemo(
    () => new Map<string, BuildTask>((build.data?.tasks ?? []).map((task) => [task.task_id, task])),
    [build.data],
  );
  React.useEffect(() => {
    // Read by bench/bench_builds.py: when the page first showed a loaded build.
    if (build.data) performance.mark("stardag:build-page-rendered");
  }, [build.data]);

  if (build.isPending) return <LoadingRows rows={8} />;
  if (build.isError) return <ErrorState error={build.error} onRetry={() => void build.refetch()} />;
  const data = build.data;
  return (
    <div className="space-y-4" data-testid="build-detail" data-status={data.status}>
      <div className="flex flex-wrap items-center gap-3">
        <Button asChild variant="ghost" size="icon" aria-label="All builds">
          <Link to="/builds">
            <ArrowLeft />
          </Link>
        </Button>
        <h1 className="text-xl font-semibold tracking-tight">
          Build <span className="font-mono text-base text-muted-foreground">{shortId(data.build_id)}</span>
        </h1>
        <StatusBadge status={data.status} />
        {data.failed_by_sweep && (
          <span className="text-xs text-muted-foreground">its process stopped reporting (killed or crashed)</span>
        )}
      </div>
      <Card className="flex flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3 text-sm">
        <span title={formatExact(data.started_at)}>
          <span className="text-muted-foreground">Started </span>
          <RelativeTime iso={data.started_at} />
        </span>
        <span>
          <span className="text-muted-foreground">Duration </span>
          <span className="tabular-nums">{formatDuration(buildSeconds(data))}</span>
        </span>
        {data.host && (
          <span className="text-muted-foreground">{[data.user, data.host].filter(Boolean).join("@")}</span>
        )}
        <StateCounts counts={data.state_counts} />
      </Card>
      {data.first_failure && <FirstFailure failure={data.first_failure} tasks={byId} />}
      <Card className="overflow-hidden">
        <CardHeader>
          <CardTitle>Timeline</CardTitle>
        </CardHeader>
        <BuildTimeline startedAt={data.started_at} tasks={data.tasks} />
        {build.loadingRest ? (
          <p className="border-t px-4 py-2 text-xs text-muted-foreground" data-testid="build-loading-rest">
            Loading the rest of this build's tasks…
          </p>
        ) : (
          data.tasks_truncated && (
            <p className="border-t px-4 py-2 text-xs text-muted-foreground">Only the first tasks of this build are shown.</p>
          )
        )}
      </Card>
      <div className="grid gap-4 lg:grid-cols-3">
        <Card className="overflow-hidden lg:col-span-2">
          <CardHeader>
            <CardTitle>Tasks that did not run</CardTitle>
          </CardHeader>
          <NotRunTasks tasks={data.tasks} families={byId} />
          {data.tasks.every((t) => t.run_id) && (
            <p className="px-4 pb-4 text-sm text-muted-foreground">Every task of this build ran.</p>
          )}
        </Card>
        <Card className="overflow-hidden">
          <CardHeader>
            <CardTitle>Slowest runs</CardTitle>
          </CardHeader>
          <SlowestRuns tasks={data.tasks} />
        </Card>
      </div>
    </div>
  );
}
