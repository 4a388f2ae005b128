import "@xyflow/react/dist/style.css";

import {
  Background,
  Controls,
  type Edge,
  MarkerType,
  ReactFlow,
  ReactFlowProvider,
} from "@xyflow/react";
import * as React from "react";

import type { TaskGraph as TaskGraphData } from "@/api/types";
import { layoutGraph } from "@/graph/layout";
import { type TaskFlowNode, TaskNode } from "@/graph/TaskNode";

const nodeTypes = { task: TaskNode };

/** Large graphs skip drawing off-screen nodes so the tab stays responsive. */
const LARGE_GRAPH = 300;

/** React Flow nodes and edges for an API graph, laid out left to right. */
export function toFlowElements(graph: TaskGraphData): { nodes: TaskFlowNode[]; edges: Edge[] } {
  const positions = layoutGraph(graph);
  const nodes: TaskFlowNode[] = graph.nodes.map((node) => ({
    id: node.task_id,
    type: "task",
    position: positions.get(node.task_id) ?? { x: 0, y: 0 },
    data: {
      taskId: node.task_id,
      family: node.family,
      status: node.status,
      isRoot: node.task_id === graph.root_id,
    },
    draggable: false,
    connectable: false,
  }));
  const present = new Set(graph.nodes.map((n) => n.task_id));
  const edges: Edge[] = graph.edges
    .filter((e) => present.has(e.upstream_id) && present.has(e.downstream_id))
    .map((e) => ({
      id: `${e.upstream_id}->${e.downstream_id}`,
      source: e.upstream_id,
      target: e.downstream_id,
      markerEnd: { type: MarkerType.ArrowClosed, width: 14, height: 14, color: "#94a3b8" },
      style: { stroke: "#94a3b8", strokeWidth: 1.25 },
    }));
  return { nodes, edges };
}

/** The neighbourhood graph; clicking a node calls `onOpenTask` with its id. */
export function TaskGraph({
  graph,
  onOpenTask,
  onLaidOut,
}: {
  graph: TaskGraphData;
  onOpenTask: (taskId: string) => void;
  onLaidOut?: (nodeCount: number) => void;
}) {
  const { nodes, edges } = React.useMemo(() => toFlowElements(graph), [graph]);
  const large = nodes.length > LARGE_GRAPH;
  return (
    <ReactFlowProvider>
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        onNodeClick={(_, node) => onOpenTask(node.id)}
        onInit={() => onLaidOut?.(nodes.length)}
        fitView
        fitViewOptions={{ padding: 0.15, maxZoom: 1.25 }}
        minZoom={0.05}
        nodesDraggable={false}
        nodesConnectable={false}
        onlyRenderVisibleElements={large}
        proOptions={{ hideAttribution: true }}
      >
        <Background gap={20} color="#e2e8f0" />
        <Controls showInteractive={false} />
      </ReactFlow>
    </ReactFlowProvider>
  );
}
