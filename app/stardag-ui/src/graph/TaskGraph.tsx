import "@xyflow/react/dist/style.css";

import {
  Background,
  ControlButton,
  Controls,
  type Edge,
  MarkerType,
  type NodeHandle,
  Panel,
  Position,
  ReactFlow,
  ReactFlowProvider,
  useReactFlow,
} from "@xyflow/react";
import { Maximize } from "lucide-react";
import * as React from "react";

import type { CompactTaskGraph as TaskGraphData } from "@/api/types";
import { layoutGraph, NODE_HEIGHT, NODE_WIDTH } from "@/graph/layout";
import { distinguishingParams } from "@/graph/node-labels";
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


/** The graph's edges (node index pairs) as task id pairs. */
function edgesById(graph: TaskGraphData) {
  return graph.edges.flatMap(([a, b]) => {
    const [up, down] = [graph.nodes[a], graph.nodes[b]];
    return up && down ? [{ upstream_id: up.task_id, downstream_id: down.task_id }] : [];
  });
}

/** React Flow nodes and edges for an API graph, laid out left to right. */
export function toFlowElements(graph: TaskGraphData): { nodes: TaskFlowNode[]; edges: Edge[] } {
  const layoutStart = performance.now();
  const idEdges = edgesById(graph);
  const positions = layoutGraph({ nodes: graph.nodes, edges: idEdges });
  // Read by bench/bench_ui.py; cheap enough to leave on.
  performance.measure("stardag:graph-layout", { start: layoutStart, detail: graph.nodes.length });
  const params = distinguishingParams(graph.nodes);
  const nodes: TaskFlowNode[] = graph.nodes.map((node) => ({
    id: node.task_id,
    type: "task",
    position: positions.get(node.task_id) ?? { x: 0, y: 0 },
    data: {
      taskId: node.task_id,
      family: node.family,
      status: node.status,
      params: params.get(node.task_id) ?? "",
      isRoot: node.task_id === graph.root_id,
    },
    width: NODE_WIDTH,
    height: NODE_HEIGHT,
    handles: NODE_HANDLES,
    draggable: false,
    connectable: false,
  }));
  const edges: Edge[] = idEdges.map((e) => ({
    id: `${e.upstream_id}->${e.downstream_id}`,
    source: e.upstream_id,
    target: e.downstream_id,
    markerEnd: { type: MarkerType.ArrowClosed, width: 14, height: 14, color: "#94a3b8" },
    style: { stroke: "#94a3b8", strokeWidth: 1.25 },
  }));
  return { nodes, edges };
}

/**
 * Above this many nodes the whole graph, fitted to the screen, is unreadable specks and
 * costs seconds to draw; such graphs open on the root's surroundings at a readable zoom
 * and draw only what is on screen (the fit-view control still shows everything).
 */
export const LARGE_GRAPH_NODES = 300;
const LARGE_GRAPH_ZOOM = 0.7;

/** A viewport that puts `root` at the middle of a `width` x `height` pane. */
function viewportAround(root: { x: number; y: number } | undefined, width: number, height: number) {
  if (!root) return { x: 0, y: 0, zoom: LARGE_GRAPH_ZOOM };
  return {
    x: width / 2 - (root.x + NODE_WIDTH / 2) * LARGE_GRAPH_ZOOM,
    y: height / 2 - (root.y + NODE_HEIGHT / 2) * LARGE_GRAPH_ZOOM,
    zoom: LARGE_GRAPH_ZOOM,
  };
}

/**
 * "Fit view" over every node. React Flow's own button fits the *measured* nodes, which
 * are only the drawn ones when off-screen nodes are skipped; the layout knows them all.
 */
function FitAllButton({ nodes }: { nodes: TaskFlowNode[] }) {
  const flow = useReactFlow();
  const fitAll = () => {
    if (nodes.length === 0) return;
    const xs = nodes.map((n) => n.position.x);
    const ys = nodes.map((n) => n.position.y);
    const x = Math.min(...xs);
    const y = Math.min(...ys);
    const width = Math.max(...xs) + NODE_WIDTH - x;
    const height = Math.max(...ys) + NODE_HEIGHT - y;
    void flow.fitBounds({ x, y, width, height }, { padding: 0.1 });
  };
  return (
    <ControlButton onClick={fitAll} title="Fit view" aria-label="Fit view" className="react-flow__controls-fitview">
      <Maximize />
    </ControlButton>
  );
}

/** The neighbourhood graph; clicking a node calls `onOpenTask` with its id. */
export function TaskGraph({
  graph,
  onOpenTask,
}: {
  graph: TaskGraphData;
  onOpenTask: (taskId: string) => void;
}) {
  const { nodes, edges } = React.useMemo(() => toFlowElements(graph), [graph]);
  const large = nodes.length > LARGE_GRAPH_NODES;
  const pane = React.useRef<HTMLDivElement>(null);
  const [paneSize, setPaneSize] = React.useState<{ width: number; height: number } | null>(null);
  React.useLayoutEffect(() => {
    if (pane.current) setPaneSize({ width: pane.current.clientWidth, height: pane.current.clientHeight });
  }, []);
  const root = nodes.find((node) => node.id === graph.root_id)?.position;

  return (
    <div ref={pane} className="h-full w-full" data-testid="graph-pane" data-large={large}>
      {paneSize && (
        <ReactFlowProvider>
          <ReactFlow
            nodes={nodes}
            edges={edges}
            nodeTypes={nodeTypes}
            onNodeClick={(_, node) => onOpenTask(node.id)}
            fitView={!large}
            fitViewOptions={{ padding: 0.15, maxZoom: 1.25 }}
            defaultViewport={large ? viewportAround(root, paneSize.width, paneSize.height) : undefined}
            onlyRenderVisibleElements={large}
            minZoom={0.05}
            nodesDraggable={false}
            nodesConnectable={false}
            proOptions={{ hideAttribution: true }}
          >
            <Background gap={20} color="#e2e8f0" />
            <Controls showInteractive={false} showFitView={false}>
              <FitAllButton nodes={nodes} />
            </Controls>
            {large && (
              <Panel position="top-left">
                <div className="rounded-md border bg-card/95 px-3 py-1.5 text-xs text-muted-foreground shadow-sm">
                  {nodes.length.toLocaleString()} tasks — showing the area around this task. Scroll to zoom, drag
                  to pan, or fit the view (bottom-left) to see all of them.
                </div>
              </Panel>
            )}
          </ReactFlow>
        </ReactFlowProvider>
      )}
    </div>
  );
}
