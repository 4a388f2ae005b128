import { XCircle } from "lucide-react";
import { Link } from "react-router";

import { useBuild } from "@/api/queries";
import { Card } from "@/components/ui/card";
import { RelativeTime } from "@/components/RelativeTime";
import { shortId } from "@/lib/format";

/** The newest failed build's first failure: which task, its error, and how much it blocked. */
export function LatestFailure({ buildId }: { buildId: string }) {
  const build = useBuild(buildId, 0); // the failure only, not the build's tasks
  const failure = build.data?.first_failure;
  if (!build.data || !failure) return null;
  const blocked = failure.blocked_task_ids.length;
  return (
    <Card className="flex flex-wrap items-center gap-x-4 gap-y-1 border-red-200 bg-red-50/50 px-4 py-3" data-testid="latest-failure">
      <XCircle className="size-4 text-red-600" aria-hidden />
      <span className="text-sm">
        Build{" "}
        <Link to={`/builds/${buildId}`} className="font-mono text-sky-700 hover:underline">
          {shortId(buildId)}
        </Link>{" "}
        failed <RelativeTime iso={build.data.started_at} />: <span className="font-medium">{failure.family}</span>{" "}
        <Link to={`/tasks/${failure.task_id}`} className="font-mono text-xs text-sky-700 hover:underline">
          {shortId(failure.task_id)}
        </Link>
      </span>
      <span className="truncate font-mono text-xs text-red-800">{failure.error_message}</span>
      {blocked > 0 && (
        <span className="text-xs text-fuchsia-700">
          {blocked} task{blocked === 1 ? "" : "s"} not run because of it
        </span>
      )}
    </Card>
  );
}
