/**
 * A fast layered layout for big graphs, where dagre's network-simplex ranking and
 * crossing minimisation take seconds to minutes (measured: ~28 s for 1,000 nodes in
 * Chromium). Same idea (Sugiyama), cheaper steps:
 *
 * 1. rank = longest path from the sources (Kahn's topological order), O(V + E);
 * 2. order within a rank: a few barycenter sweeps down and up, O(E + V log V) each;
 * 3. coordinates: ranks left to right, each rank stacked and centred vertically.
 *
 * Long edges get no bend points, so they may pass behind nodes; at this size the view is
 * an overview, and readability comes from zooming in. The core works on integer node
 * indices and typed arrays (10,000 nodes in tens of milliseconds, and cheap to send to
 * and from a Web Worker).
 */

export interface FastLayoutOptions {
  nodeWidth: number;
  nodeHeight: number;
  rankSep: number;
  nodeSep: number;
  sweeps?: number;
}

/** Adjacency in compressed form: the neighbours of node i are `targets[offsets[i]..offsets[i+1])`. */
function adjacency(count: number, from: Int32Array, to: Int32Array) {
  const offsets = new Int32Array(count + 1);
  for (let e = 0; e < from.length; e += 1) offsets[from[e] + 1] += 1;
  for (let i = 0; i < count; i += 1) offsets[i + 1] += offsets[i];
  const fill = offsets.slice(0, count);
  const targets = new Int32Array(from.length);
  for (let e = 0; e < from.length; e += 1) targets[fill[from[e]]++] = to[e];
  return { offsets, targets };
}

/**
 * Top-left positions of nodes `0..count-1` as `[x0, y0, x1, y1, ...]`; edge `e` goes from
 * `from[e]` (upstream) to `to[e]` (downstream). Nodes on a cycle (never expected) keep
 * rank 0 rather than hang.
 */
export function layeredPositions(
  count: number,
  from: Int32Array,
  to: Int32Array,
  options: FastLayoutOptions,
): Float64Array {
  const down = adjacency(count, from, to);
  const up = adjacency(count, to, from);

  // 1. Longest-path ranks.
  const rank = new Int32Array(count);
  const remaining = new Int32Array(count);
  for (let i = 0; i < count; i += 1) remaining[i] = up.offsets[i + 1] - up.offsets[i];
  const queue = new Int32Array(count);
  let tail = 0;
  for (let i = 0; i < count; i += 1) if (remaining[i] === 0) queue[tail++] = i;
  for (let head = 0; head < tail; head += 1) {
    const node = queue[head];
    for (let k = down.offsets[node]; k < down.offsets[node + 1]; k += 1) {
      const next = down.targets[k];
      if (rank[node] + 1 > rank[next]) rank[next] = rank[node] + 1;
      if (--remaining[next] === 0) queue[tail++] = next;
    }
  }
  const layerOf: number[][] = [];
  for (let i = 0; i < count; i += 1) (layerOf[rank[i]] ??= []).push(i);
  const layers = layerOf.filter(Boolean);

  // 2. Barycenter sweeps: sort each layer by the mean position of its neighbours.
  const position = new Float64Array(count);
  const key = new Float64Array(count);
  const renumber = (layer: number[]) => layer.forEach((node, i) => (position[node] = i));
  layers.forEach(renumber);
  const sortBy = (layer: number[], near: { offsets: Int32Array; targets: Int32Array }) => {
    for (const node of layer) {
      const start = near.offsets[node];
      const end = near.offsets[node + 1];
      let sum = 0;
      for (let k = start; k < end; k += 1) sum += position[near.targets[k]];
      key[node] = end > start ? sum / (end - start) : position[node];
    }
    layer.sort((a, b) => key[a] - key[b]);
    renumber(layer);
  };
  for (let sweep = 0; sweep < (options.sweeps ?? 4); sweep += 1) {
    for (let i = 1; i < layers.length; i += 1) sortBy(layers[i], up);
    for (let i = layers.length - 2; i >= 0; i -= 1) sortBy(layers[i], down);
  }

  // 3. Coordinates: columns per rank, each column centred on y = 0.
  const xy = new Float64Array(count * 2);
  const rowHeight = options.nodeHeight + options.nodeSep;
  layers.forEach((layer, column) => {
    const top = -((layer.length - 1) * rowHeight) / 2;
    layer.forEach((node, row) => {
      xy[node * 2] = column * (options.nodeWidth + options.rankSep);
      xy[node * 2 + 1] = top + row * rowHeight;
    });
  });
  return xy;
}

/** Top-left positions for `ids`; `edges` are [upstream, downstream] pairs between them. */
export function fastLayeredLayout(
  ids: string[],
  edges: [string, string][],
  options: FastLayoutOptions,
): Map<string, { x: number; y: number }> {
  const index = new Map(ids.map((id, i) => [id, i]));
  const from = new Int32Array(edges.length);
  const to = new Int32Array(edges.length);
  edges.forEach(([a, b], e) => {
    from[e] = index.get(a)!;
    to[e] = index.get(b)!;
  });
  const xy = layeredPositions(ids.length, from, to, options);
  return new Map(ids.map((id, i) => [id, { x: xy[i * 2], y: xy[i * 2 + 1] }]));
}
