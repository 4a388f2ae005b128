import { Link } from "react-router";

import { CopyButton } from "@/components/ui/copy-button";
import { shortId } from "@/lib/format";

/** Short id linking to the task, with a button that copies the full id. */
export function TaskIdLink({ taskId }: { taskId: string }) {
  return (
    <span className="inline-flex items-center gap-0.5">
      <Link
        to={`/tasks/${taskId}`}
        className="font-mono text-xs text-muted-foreground hover:text-foreground hover:underline"
        title={taskId}
      >
        {shortId(taskId)}
      </Link>
      <CopyButton value={taskId} label="Copy full task id" />
    </span>
  );
}
