/**
 * The graph as the canvas view draws it: nodes by integer index (so layout, hit tests
 * and drawing loop over typed arrays, not objects), edges as index pairs, and a label
 * per node. Built once per API answer.
 */
import type { CompactTaskGraph, TaskStatus } from "@/api/types";
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

export function buildGraphModel(graph: CompactTaskGraph): GraphModel {
  const { nodes } = graph;
  const ids = nodes.map((node) => node.task_id);
  const params = distinguishingParams(nodes);
  // Self-loops and indices outside the node list (never sent) are dropped.
  const kept = graph.edges.filter(([a, b]) => a !== b && a >= 0 && b >= 0 && a < nodes.length && b < nodes.length);
  const rootIndex = ids.indexOf(graph.root_id);
  return {
    ids,
    families: nodes.map((node) => node.family),
    statuses: nodes.map((node) => node.status),
    labels: ids.map((id) => params.get(id) || shortId(id)),
    rootIndex: rootIndex >= 0 ? rootIndex : 0,
    from: Int32Array.from(kept, ([a]) => a),
    to: Int32Array.from(kept, ([, b]) => b),
  };
}

/** True when `a` and `b` have the same nodes in the same order and the same edges
 *  (a refetch that only changed statuses keeps its layout and the user's viewport). */
export function sameStructure(a: GraphModel, b: GraphModel): boolean {
  if (a.ids.length !== b.ids.length || a.from.length !== b.from.length || a.rootIndex !== b.rootIndex) return false;
  for (let i = 0; i < a.ids.length; i += 1) if (a.ids[i] !== b.ids[i]) return false;
  for (let e = 0; e < a.from.length; e += 1) if (a.from[e] !== b.from[e] || a.to[e] !== b.to[e]) return false;
  return true;
}
