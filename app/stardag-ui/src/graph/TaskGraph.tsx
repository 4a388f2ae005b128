import "@xyflow/react/dist/style.css";

import {
  Background,
  Controls,
  type Edge,
  MarkerType,
  type NodeHandle,
  Position,
  ReactFlow,
  ReactFlowProvider,
} from "@xyflow/react";
import * as React from "react";

import type { TaskGraph as TaskGraphData } from "@/api/types";
import { layoutGraph, NODE_HEIGHT, NODE_WIDTH } from "@/graph/layout";
import { type TaskFlowNode, TaskNode } from "@/graph/TaskNode";

const nodeTypes = { task: TaskNode };

// Every node has the same size and handles, so React Flow can draw nodes and edges at
// once instead of hiding them until each node is measured (seconds for 1,000 nodes).
const HANDLE_SIZE = 6;
const NODE_HANDLES: NodeHandle[] = [
  {
    type: "target",
    position: Position.Left,
    x: -HANDLE_SIZE / 2,
    y: NODE_HEIGHT / 2 - HANDLE_SIZE / 2,
    width: HANDLE_SIZE,
    height: HANDLE_SIZE,
  },
  {
    type: "source",
    position: Position.Right,
    x: NODE_WIDTH - HANDLE_SIZE / 2,
    y: NODE_HEIGHT / 2 - HANDLE_SIZE / 2,
    width: HANDLE_SIZE,
    height: HANDLE_SIZE,
  },
];


/** React Flow nodes and edges for an API graph, laid out left to right. */
export function toFlowElements(graph: TaskGraphData): { nodes: TaskFlowNode[]; edges: Edge[] } {
  const layoutStart = performance.now();
  const positions = layoutGraph(graph);
  // Read by bench/bench_ui.py; cheap enough to leave on.
  performance.measure("stardag:graph-layout", { start: layoutStart, detail: graph.nodes.length });
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
    width: NODE_WIDTH,
    height: NODE_HEIGHT,
    handles: NODE_HANDLES,
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
        proOptions={{ hideAttribution: true }}
      >
        <Background gap={20} color="#e2e8f0" />
        <Controls showInteractive={false} />
      </ReactFlow>
    </ReactFlowProvider>
  );
}
