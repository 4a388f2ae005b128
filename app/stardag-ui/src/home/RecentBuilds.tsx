import { Hammer } from "lucide-react";
import { Link } from "react-router";

import type { BuildPublic } from "@/api/types";
import { EmptyState } from "@/components/feedback/EmptyState";
import { RelativeTime } from "@/components/RelativeTime";
import { formatDuration, formatExact, shortId } from "@/lib/format";
import { StatusBadge } from "@/tasks/StatusBadge";

function buildDuration(build: BuildPublic): string {
  if (!build.finished_at || !build.started_at) return "";
  const seconds = (new Date(build.finished_at).getTime() - new Date(build.started_at).getTime()) / 1000;
  return formatDuration(seconds);
}

/** The latest builds: status, when, who, how many runs, and links to their root tasks. */
export function RecentBuilds({ builds }: { builds: BuildPublic[] }) {
  if (builds.length === 0) {
    return <EmptyState icon={Hammer} title="No builds yet" />;
  }
  return (
    <ul className="divide-y" data-testid="recent-builds">
      {builds.map((build) => (
        <li key={build.build_id} className="space-y-1 px-4 py-2.5">
          <div className="flex items-center gap-2 text-sm">
            <StatusBadge status={build.status} />
            <span className="font-mono text-xs text-muted-foreground">{shortId(build.build_id)}</span>
            <span className="ml-auto text-xs text-muted-foreground" title={formatExact(build.started_at)}>
              <RelativeTime iso={build.started_at} />
            </span>
          </div>
          <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-xs text-muted-foreground">
            <span>
              {build.task_count} run{build.task_count === 1 ? "" : "s"}
            </span>
            {buildDuration(build) && <span>{buildDuration(build)}</span>}
            {build.host && <span>{[build.user, build.host].filter(Boolean).join("@")}</span>}
            {build.root_task_ids.slice(0, 3).map((id) => (
              <Link key={id} to={`/tasks/${id}`} className="font-mono text-sky-700 hover:underline">
                root {shortId(id)}
              </Link>
            ))}
          </div>
        </li>
      ))}
    </ul>
  );
}
