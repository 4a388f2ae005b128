import { Handle, Position, type Node, type NodeProps } from "@xyflow/react";
import { memo } from "react";

import type { TaskStatus } from "@/api/types";
import { shortId } from "@/lib/format";
import { cn } from "@/lib/utils";
import { NODE_HEIGHT, NODE_WIDTH } from "@/graph/layout";
import { STATUS_COLORS, statusLabel } from "@/tasks/StatusBadge";

export type TaskNodeData = {
  taskId: string;
  family: string;
  status: TaskStatus;
  /** The parameters that tell this node apart from others of its family ("" if none). */
  params: string;
  isRoot: boolean;
};
export type TaskFlowNode = Node<TaskNodeData, "task">;

/** A task in the graph: family, short id and a status stripe, coloured by status. */
export const TaskNode = memo(function TaskNode({ data }: NodeProps<TaskFlowNode>) {
  const colors = STATUS_COLORS[data.status] ?? STATUS_COLORS.pending;
  return (
    <div
      data-testid="graph-node"
      data-task-id={data.taskId}
      data-status={data.status}
      className={cn(
        // Fixed size + containment: the browser lays out and paints each node on its own,
        // which matters with 1,000 of them; no shadows (costly to paint at that count).
        "flex cursor-pointer flex-col justify-center rounded-md border-l-4 px-3 [contain:strict] hover:brightness-95",
        data.isRoot && "ring-2 ring-offset-1 ring-slate-800",
      )}
      style={{
        width: NODE_WIDTH,
        height: NODE_HEIGHT,
        background: colors.fill,
        borderColor: colors.border,
        borderLeftColor: colors.dot,
        borderWidth: 1,
        borderLeftWidth: 4,
      }}
      title={`${data.family} ${data.params} ${data.taskId} (${data.status})`}
    >
      <Handle type="target" position={Position.Left} className="!size-1.5 !border-0 !bg-slate-400" />
      <div className="truncate text-sm font-medium text-slate-900">{data.family}</div>
      <div className="flex items-center justify-between gap-2 text-[11px]">
        <span className="truncate font-mono text-slate-500" data-testid="graph-node-params">
          {data.params || shortId(data.taskId)}
        </span>
        <span className="shrink-0 capitalize" style={{ color: colors.text }}>
          {statusLabel(data.status)}
        </span>
      </div>
      <Handle type="source" position={Position.Right} className="!size-1.5 !border-0 !bg-slate-400" />
    </div>
  );
});
