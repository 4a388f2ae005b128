import { Link } from "react-router";

import { useBuilds, useFamilies, useStats } from "@/api/queries";
import { TASK_STATUSES } from "@/api/types";
import { ErrorState } from "@/components/feedback/ErrorState";
import { LoadingRows } from "@/components/feedback/LoadingRows";
import { Card, CardHeader, CardTitle } from "@/components/ui/card";
import { FamilyOverview } from "@/home/FamilyOverview";
import { RecentBuilds } from "@/home/RecentBuilds";
import { LatestFailure } from "@/home/LatestFailure";
import { STATUS_COLORS, statusLabel } from "@/tasks/StatusBadge";

function StatTile({ label, value, to, color }: { label: string; value: number; to: string; color?: string }) {
  return (
    <Link to={to} className="rounded-lg border bg-card px-4 py-3 shadow-xs transition-colors hover:bg-muted/40">
      <div className="flex items-center gap-1.5 text-xs capitalize text-muted-foreground">
        {color && <span className="size-2 rounded-full" style={{ background: color }} />}
        {label}
      </div>
      <div className="mt-1 text-2xl font-semibold tabular-nums">{value.toLocaleString()}</div>
    </Link>
  );
}

/** Overview: totals per status, families with their counts, and recent builds. */
export function HomePage() {
  const stats = useStats();
  const families = useFamilies();
  const builds = useBuilds();
  const failure = stats.error ?? families.error;

  if (failure) {
    return (
      <ErrorState
        error={failure}
        onRetry={() => {
          void stats.refetch();
          void families.refetch();
          void builds.refetch();
        }}
      />
    );
  }
  const byStatus = (stats.data?.by_status ?? {}) as Record<string, number | undefined>;

  const latestFailed = builds.data?.items.find((build) => build.status === "failed");

  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-xl font-semibold tracking-tight">Overview</h1>
        <p className="text-sm text-muted-foreground">The latest builds and what the registry knows, updated live.</p>
      </div>
      {latestFailed && <LatestFailure buildId={latestFailed.build_id} />}
      <Card className="overflow-hidden">
        <CardHeader className="flex flex-row items-center justify-between">
          <CardTitle>Latest builds</CardTitle>
          <Link to="/builds" className="text-xs text-sky-700 hover:underline">
            All builds
          </Link>
        </CardHeader>
        {builds.isPending ? (
          <LoadingRows rows={4} />
        ) : builds.isError ? (
          <div className="p-4">
            <ErrorState error={builds.error} onRetry={() => void builds.refetch()} />
          </div>
        ) : (
          <RecentBuilds builds={builds.data.items.slice(0, 6)} />
        )}
      </Card>
      <div className="grid grid-cols-2 gap-3 md:grid-cols-6" data-testid="stat-tiles">
        <StatTile label="Tasks" value={stats.data?.tasks ?? 0} to="/tasks" />
        {TASK_STATUSES.map((status) => (
          <StatTile
            key={status}
            label={statusLabel(status)}
            value={byStatus[status] ?? 0}
            to={`/tasks?status=${status}`}
            color={STATUS_COLORS[status].dot}
          />
        ))}
      </div>
      <Card className="overflow-hidden">
        <CardHeader>
          <CardTitle>Families</CardTitle>
        </CardHeader>
        {families.isPending ? <LoadingRows rows={5} /> : <FamilyOverview families={families.data?.items ?? []} />}
      </Card>
    </div>
  );
}
