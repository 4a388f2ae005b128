import * as React from "react";
import { Link, useNavigate } from "react-router";

import type { TaskPublic } from "@/api/types";
import { RelativeTime } from "@/components/RelativeTime";
import { TaskIdLink } from "@/components/TaskIdLink";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatDuration } from "@/lib/format";
import { ParamChips } from "@/tasks/ParamChips";
import { StatusBadge } from "@/tasks/StatusBadge";

/** One row; memoised so a re-render of the page (e.g. while a new filter loads) is cheap. */
const TaskRow = React.memo(function TaskRow({ task }: { task: TaskPublic }) {
  const navigate = useNavigate();
  return (
    <TableRow
      data-testid="task-row"
      data-task-id={task.task_id}
      className="cursor-pointer"
      onClick={(event) => {
        // Let links, buttons and text selection inside the row do their own thing.
        if ((event.target as HTMLElement).closest("a,button") || window.getSelection()?.toString()) {
          return;
        }
        navigate(`/tasks/${task.task_id}`);
      }}
    >
      <TableCell>
        <StatusBadge status={task.status} />
      </TableCell>
      <TableCell className="font-medium">
        <Link to={`/tasks/${task.task_id}`} className="hover:underline" data-testid="task-family">
          {task.family}
        </Link>
        {task.namespace && <div className="text-xs text-muted-foreground">{task.namespace}</div>}
      </TableCell>
      <TableCell>
        <TaskIdLink taskId={task.task_id} />
      </TableCell>
      <TableCell className="max-w-md">
        <ParamChips parameters={task.parameters as Record<string, unknown>} />
      </TableCell>
      <TableCell className="whitespace-nowrap text-muted-foreground">
        <RelativeTime iso={task.updated_at} />
      </TableCell>
      <TableCell className="whitespace-nowrap text-right tabular-nums text-muted-foreground">
        {formatDuration(task.duration_seconds)}
      </TableCell>
    </TableRow>
  );
});

/** One page of tasks; a row click opens the task. */
export function TaskTable({ tasks }: { tasks: TaskPublic[] }) {
  return (
    <Table data-testid="task-table">
      <TableHeader>
        <TableRow className="hover:bg-transparent">
          <TableHead className="w-28">Status</TableHead>
          <TableHead>Family</TableHead>
          <TableHead>Id</TableHead>
          <TableHead>Parameters</TableHead>
          <TableHead>Updated</TableHead>
          <TableHead className="text-right">Duration</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {tasks.map((task) => (
          <TaskRow key={task.task_id} task={task} />
        ))}
      </TableBody>
    </Table>
  );
}
