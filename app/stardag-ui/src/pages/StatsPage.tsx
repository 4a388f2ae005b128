import * as React from "react";
import { Link } from "react-router";

import { useFamilyStats, useTaskStats } from "@/api/queries";
import { ErrorState } from "@/components/feedback/ErrorState";
import { LoadingRows } from "@/components/feedback/LoadingRows";
import { Card, CardHeader, CardTitle } from "@/components/ui/card";
import { NativeSelect } from "@/components/ui/native-select";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatDuration } from "@/lib/format";
import { TaskStatsList } from "@/stats/TaskStatsList";

// recharts loads only with this page.
const RunsPerDayChart = React.lazy(() => import("@/stats/StatsCharts").then((m) => ({ default: m.RunsPerDayChart })));
const DurationChart = React.lazy(() => import("@/stats/StatsCharts").then((m) => ({ default: m.DurationChart })));

const WINDOWS = [1, 7, 14, 30, 90] as const;

function percent(rate: number | null): string {
  return rate === null ? "—" : `${(rate * 100).toFixed(rate === 1 ? 0 : 1)} %`;
}

/** Statistics of runs per family (success rate, p50/p95 duration, trend) and per task. */
export function StatsPage() {
  const [days, setDays] = React.useState<number>(14);
  const families = useFamilyStats(days);
  const tasks = useTaskStats(days);
  if (families.isError) return <ErrorState error={families.error} onRetry={() => void families.refetch()} />;
  const items = families.data?.items ?? [];
  const chartFallback = <Skeleton className="m-4 h-56" />;
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-xl font-semibold tracking-tight">Stats</h1>
          <p className="text-sm text-muted-foreground">Runs per family and task over the chosen window.</p>
        </div>
        <NativeSelect
          aria-label="Window"
          className="w-36"
          value={String(days)}
          onChange={(event) => setDays(Number(event.target.value))}
        >
          {WINDOWS.map((d) => (
            <option key={d} value={d}>
              Last {d} day{d === 1 ? "" : "s"}
            </option>
          ))}
        </NativeSelect>
      </div>
      <div className="grid gap-4 lg:grid-cols-2">
        <Card className="overflow-hidden">
          <CardHeader>
            <CardTitle>Runs per day</CardTitle>
          </CardHeader>
          <React.Suspense fallback={chartFallback}>
            {families.isPending ? chartFallback : <RunsPerDayChart families={items} />}
          </React.Suspense>
        </Card>
        <Card className="overflow-hidden">
          <CardHeader>
            <CardTitle>Duration per family (p50, p95)</CardTitle>
          </CardHeader>
          <React.Suspense fallback={chartFallback}>
            {families.isPending ? chartFallback : <DurationChart families={items} />}
          </React.Suspense>
        </Card>
      </div>
      <Card className="overflow-hidden">
        <CardHeader>
          <CardTitle>Families</CardTitle>
        </CardHeader>
        {families.isPending ? (
          <LoadingRows rows={5} />
        ) : (
          <Table data-testid="family-stats-table">
            <TableHeader>
              <TableRow>
                <TableHead>Family</TableHead>
                <TableHead className="text-right">Runs</TableHead>
                <TableHead className="text-right">Failed</TableHead>
                <TableHead className="text-right">Success rate</TableHead>
                <TableHead className="text-right">p50</TableHead>
                <TableHead className="text-right">p95</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {items.map((family) => (
                <TableRow key={`${family.namespace}.${family.family}`} data-testid="family-stats-row" data-family={family.family}>
                  <TableCell>
                    <Link to={`/tasks?family=${encodeURIComponent(family.family)}`} className="hover:underline">
                      {family.namespace ? `${family.namespace}.` : ""}
                      {family.family}
                    </Link>
                  </TableCell>
                  <TableCell className="text-right tabular-nums">{family.runs.toLocaleString()}</TableCell>
                  <TableCell className="text-right tabular-nums">{family.failed.toLocaleString()}</TableCell>
                  <TableCell className="text-right tabular-nums" data-testid="success-rate">
                    {percent(family.success_rate)}
                  </TableCell>
                  <TableCell className="text-right tabular-nums">{formatDuration(family.p50_seconds)}</TableCell>
                  <TableCell className="text-right tabular-nums">{formatDuration(family.p95_seconds)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </Card>
      <div className="grid gap-4 lg:grid-cols-2">
        <Card className="overflow-hidden">
          <CardHeader>
            <CardTitle>Slowest tasks</CardTitle>
          </CardHeader>
          {tasks.data ? <TaskStatsList tasks={tasks.data.slowest} figure="slowest" /> : <LoadingRows rows={4} />}
        </Card>
        <Card className="overflow-hidden">
          <CardHeader>
            <CardTitle>Most failing tasks</CardTitle>
          </CardHeader>
          {tasks.data ? <TaskStatsList tasks={tasks.data.most_failing} figure="failing" /> : <LoadingRows rows={4} />}
        </Card>
      </div>
    </div>
  );
}
