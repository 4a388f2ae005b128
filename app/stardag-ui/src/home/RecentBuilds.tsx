import { Hammer } from "lucide-react";
import { Link } from "react-router";

import type { BuildPublic } from "@/api/types";
import { buildSeconds } from "@/builds/build-format";
import { StateCounts } from "@/builds/StateCounts";
import { EmptyState } from "@/components/feedback/EmptyState";
import { RelativeTime } from "@/components/RelativeTime";
import { formatDuration, formatExact, shortId } from "@/lib/format";
import { StatusBadge } from "@/tasks/StatusBadge";

/** The latest builds: status, when, how long, tasks per state, and the task that failed first. */
export function RecentBuilds({ builds }: { builds: BuildPublic[] }) {
  if (builds.length === 0) {
    return <EmptyState icon={Hammer} title="No builds yet" />;
  }
  return (
    <ul className="divide-y" data-testid="recent-builds">
      {builds.map((build) => {
        const failedFirst = build.failed_task_ids?.[0];
        return (
          <li key={build.build_id} className="space-y-1 px-4 py-2.5" data-testid="recent-build" data-build-id={build.build_id}>
            <div className="flex items-center gap-2 text-sm">
              <StatusBadge status={build.status} />
              <Link to={`/builds/${build.build_id}`} className="font-mono text-xs text-sky-700 hover:underline">
                {shortId(build.build_id)}
              </Link>
              <span className="text-xs text-muted-foreground">{formatDuration(buildSeconds(build))}</span>
              {build.host && (
                <span className="text-xs text-muted-foreground">{[build.user, build.host].filter(Boolean).join("@")}</span>
              )}
              <span className="ml-auto text-xs text-muted-foreground" title={formatExact(build.started_at)}>
                <RelativeTime iso={build.started_at} />
              </span>
            </div>
            <div className="flex flex-wrap items-center gap-x-4 gap-y-1">
              <StateCounts counts={build.state_counts} />
              {failedFirst && (
                <Link to={`/tasks/${failedFirst}`} className="text-xs text-red-700 hover:underline" data-testid="failed-first">
                  failed first: <span className="font-mono">{shortId(failedFirst)}</span>
                </Link>
              )}
            </div>
          </li>
        );
      })}
    </ul>
  );
}
