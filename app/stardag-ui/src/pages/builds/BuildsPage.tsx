import { Hammer } from "lucide-react";
import * as React from "react";

import { useBuilds } from "@/api/queries";
import { BuildsTable } from "@/builds/BuildsTable";
import { EmptyState } from "@/components/feedback/EmptyState";
import { ErrorState } from "@/components/feedback/ErrorState";
import { LoadingRows } from "@/components/feedback/LoadingRows";
import { Card } from "@/components/ui/card";
import { NativeSelect } from "@/components/ui/native-select";

type StatusFilter = "" | "running" | "completed" | "failed";

/** Every recent build: what ran, what failed, what it blocked. */
export function BuildsPage() {
  const [status, setStatus] = React.useState<StatusFilter>("");
  const builds = useBuilds(100, status || undefined);
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-xl font-semibold tracking-tight">Builds</h1>
          <p className="text-sm text-muted-foreground">One row per sd.build: its tasks by state, newest first.</p>
        </div>
        <NativeSelect
          aria-label="Build status"
          className="w-40"
          value={status}
          onChange={(event) => setStatus(event.target.value as StatusFilter)}
        >
          <option value="">All statuses</option>
          <option value="running">Running</option>
          <option value="failed">Failed</option>
          <option value="completed">Completed</option>
        </NativeSelect>
      </div>
      <Card className="overflow-hidden">
        {builds.isPending ? (
          <LoadingRows rows={6} />
        ) : builds.isError ? (
          <div className="p-4">
            <ErrorState error={builds.error} onRetry={() => void builds.refetch()} />
          </div>
        ) : builds.data.items.length === 0 ? (
          <EmptyState icon={Hammer} title="No builds yet" />
        ) : (
          <BuildsTable builds={builds.data.items} />
        )}
      </Card>
    </div>
  );
}
