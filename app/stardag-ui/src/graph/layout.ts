/**
 * Layered (Sugiyama) layout of a task graph: upstream on the left, downstream on the
 * right. Graphs up to DAGRE_MAX_NODES use dagre (best-looking: network-simplex ranks and
 * crossing minimisation); bigger ones use fastLayeredLayout, because dagre's cost grows
 * far faster than linearly (~28 s for 1,000 nodes in Chromium). Pure functions of the
 * API's nodes and edges, so they are tested and benchmarked without a browser.
 */
import { Graph, layout } from "@dagrejs/dagre";

import { fastLayeredLayout } from "@/graph/fast-layered-layout";

import { LAYOUT_OPTIONS, NODE_HEIGHT, NODE_SEP, NODE_WIDTH, RANK_SEP } from "@/graph/geometry";

export { LAYOUT_OPTIONS, NODE_HEIGHT, NODE_WIDTH };

/** Largest graph laid out by dagre; see bench/bench_ui.py for the timings behind it. */
export const DAGRE_MAX_NODES = 100;

export interface LayoutInput {
  nodes: { task_id: string }[];
  edges: { upstream_id: string; downstream_id: string }[];
}

export interface Positioned {
  id: string;
  x: number;
  y: number;
}

function dagreLayout(ids: string[], edges: [string, string][]): Map<string, { x: number; y: number }> {
  const graph = new Graph({ multigraph: false, compound: false });
  graph.setGraph({ rankdir: "LR", nodesep: NODE_SEP, ranksep: RANK_SEP, marginx: 20, marginy: 20 });
  graph.setDefaultEdgeLabel(() => ({}));
  for (const id of ids) graph.setNode(id, { width: NODE_WIDTH, height: NODE_HEIGHT });
  for (const [from, to] of edges) graph.setEdge(from, to);
  layout(graph);
  const positions = new Map<string, { x: number; y: number }>();
  for (const id of ids) {
    const node = graph.node(id) as { x: number; y: number };
    positions.set(id, { x: node.x - NODE_WIDTH / 2, y: node.y - NODE_HEIGHT / 2 });
  }
  return positions;
}

/** Top-left positions for every node; edges whose ends are missing are ignored. */
export function layoutGraph(input: LayoutInput): Map<string, Positioned> {
  const ids = [...new Set(input.nodes.map((node) => node.task_id))];
  const present = new Set(ids);
  const edges: [string, string][] = input.edges
    .filter((e) => present.has(e.upstream_id) && present.has(e.downstream_id) && e.upstream_id !== e.downstream_id)
    .map((e) => [e.upstream_id, e.downstream_id]);
  const raw =
    ids.length <= DAGRE_MAX_NODES
      ? dagreLayout(ids, edges)
      : fastLayeredLayout(ids, edges, LAYOUT_OPTIONS);
  const positions = new Map<string, Positioned>();
  for (const [id, point] of raw) positions.set(id, { id, ...point });
  return positions;
}
