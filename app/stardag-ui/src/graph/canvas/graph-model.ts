/**
 * The graph as the canvas view draws it: nodes by integer index (so layout, hit tests
 * and drawing loop over typed arrays, not objects), edges as index pairs, and a label
 * per node. Built once per API answer.
 */
import type { TaskGraph as TaskGraphData, TaskStatus } from "@/api/types";
import { distinguishingParams } from "@/graph/node-labels";
import { shortId } from "@/lib/format";

export interface GraphModel {
  ids: string[];
  families: string[];
  statuses: TaskStatus[];
  /** The parameters that tell a node apart from its family ("" → its short id is shown). */
  labels: string[];
  rootIndex: number;
  /** Edge e goes from `from[e]` (upstream) to `to[e]` (downstream). */
  from: Int32Array;
  to: Int32Array;
}

export function buildGraphModel(graph: TaskGraphData): GraphModel {
  const index = new Map<string, number>();
  const ids: string[] = [];
  const families: string[] = [];
  const statuses: TaskStatus[] = [];
  for (const node of graph.nodes) {
    if (index.has(node.task_id)) continue;
    index.set(node.task_id, ids.length);
    ids.push(node.task_id);
    families.push(node.family);
    statuses.push(node.status);
  }
  const params = distinguishingParams(graph.nodes);
  const labels = ids.map((id) => params.get(id) || shortId(id));
  // Edges to nodes outside a truncated graph, and self-loops, are dropped.
  const kept = graph.edges.filter((e) => {
    const a = index.get(e.upstream_id);
    const b = index.get(e.downstream_id);
    return a !== undefined && b !== undefined && a !== b;
  });
  const from = new Int32Array(kept.length);
  const to = new Int32Array(kept.length);
  kept.forEach((e, i) => {
    from[i] = index.get(e.upstream_id)!;
    to[i] = index.get(e.downstream_id)!;
  });
  return { ids, families, statuses, labels, rootIndex: index.get(graph.root_id) ?? 0, from, to };
}

/** True when `a` and `b` have the same nodes in the same order and the same edges
 *  (a refetch that only changed statuses keeps its layout and the user's viewport). */
export function sameStructure(a: GraphModel, b: GraphModel): boolean {
  if (a.ids.length !== b.ids.length || a.from.length !== b.from.length || a.rootIndex !== b.rootIndex) return false;
  for (let i = 0; i < a.ids.length; i += 1) if (a.ids[i] !== b.ids[i]) return false;
  for (let e = 0; e < a.from.length; e += 1) if (a.from[e] !== b.from[e] || a.to[e] !== b.to[e]) return false;
  return true;
}
