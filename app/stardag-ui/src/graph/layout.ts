/**
 * Layered (Sugiyama) layout of a task graph with dagre: upstream on the left,
 * downstream on the right. Pure function of the API's nodes and edges, so it can be
 * tested and benchmarked without a browser.
 */
import { Graph, layout } from "@dagrejs/dagre";

export const NODE_WIDTH = 220;
export const NODE_HEIGHT = 58;

export interface LayoutInput {
  nodes: { task_id: string }[];
  edges: { upstream_id: string; downstream_id: string }[];
}

export interface Positioned {
  id: string;
  x: number;
  y: number;
}

/** Top-left positions for every node; edges whose ends are missing are ignored. */
export function layoutGraph(input: LayoutInput): Map<string, Positioned> {
  const graph = new Graph({ multigraph: false, compound: false });
  graph.setGraph({ rankdir: "LR", nodesep: 18, ranksep: 70, marginx: 20, marginy: 20 });
  graph.setDefaultEdgeLabel(() => ({}));
  const ids = new Set<string>();
  for (const node of input.nodes) {
    ids.add(node.task_id);
    graph.setNode(node.task_id, { width: NODE_WIDTH, height: NODE_HEIGHT });
  }
  for (const edge of input.edges) {
    if (ids.has(edge.upstream_id) && ids.has(edge.downstream_id)) {
      graph.setEdge(edge.upstream_id, edge.downstream_id);
    }
  }
  layout(graph);
  const positions = new Map<string, Positioned>();
  for (const id of ids) {
    const node = graph.node(id) as { x: number; y: number };
    positions.set(id, { id, x: node.x - NODE_WIDTH / 2, y: node.y - NODE_HEIGHT / 2 });
  }
  return positions;
}
