import { describe, expect, it } from "vitest";

import { fastLayeredLayout, layeredPositions } from "@/graph/fast-layered-layout";
import { LAYOUT_OPTIONS } from "@/graph/geometry";
import { DAGRE_MAX_NODES, layoutGraph, NODE_HEIGHT, NODE_WIDTH } from "@/graph/layout";

/** A layered DAG like a real pipeline: each task needs one or two of the previous layer. */
function pipeline(size: number, width: number) {
  const nodes = Array.from({ length: size }, (_, i) => ({ task_id: `t${i}` }));
  const edges = [];
  for (let i = width; i < size; i += 1) {
    edges.push({ upstream_id: `t${i - width}`, downstream_id: `t${i}` });
    if (i % 3 === 0) edges.push({ upstream_id: `t${i - width + 1}`, downstream_id: `t${i}` });
  }
  return { nodes, edges };
}

function expectLayered(graph: ReturnType<typeof pipeline>) {
  const positions = layoutGraph(graph);
  expect(positions.size).toBe(graph.nodes.length);
  for (const edge of graph.edges) {
    const up = positions.get(edge.upstream_id)!;
    const down = positions.get(edge.downstream_id)!;
    expect(up.x + NODE_WIDTH).toBeLessThanOrEqual(down.x);
  }
  // No two nodes overlap.
  const boxes = [...positions.values()].sort((a, b) => a.x - b.x || a.y - b.y);
  for (let i = 1; i < boxes.length; i += 1) {
    const [a, b] = [boxes[i - 1], boxes[i]];
    if (a.x === b.x) expect(b.y - a.y).toBeGreaterThanOrEqual(NODE_HEIGHT);
  }
}

describe("layoutGraph", () => {
  it("places upstream tasks left of their dependents (dagre, small graphs)", () => {
    expectLayered(pipeline(30, 5));
  });

  it("lays out big graphs (fast path) with the same guarantees", () => {
    const graph = pipeline(1000, 37);
    expect(graph.nodes.length).toBeGreaterThan(DAGRE_MAX_NODES);
    expectLayered(graph);
  });

  it("ignores edges to nodes outside the (truncated) graph", () => {
    const positions = layoutGraph({
      nodes: [{ task_id: "a" }],
      edges: [{ upstream_id: "a", downstream_id: "missing" }],
    });
    expect([...positions.keys()]).toEqual(["a"]);
  });
});

describe("fastLayeredLayout", () => {
  it("ranks by longest path and survives a cycle", () => {
    const options = { nodeWidth: 10, nodeHeight: 10, rankSep: 10, nodeSep: 0 };
    const positions = fastLayeredLayout(
      ["a", "b", "c"],
      [
        ["a", "b"],
        ["b", "c"],
        ["a", "c"],
      ],
      options,
    );
    expect([positions.get("a")!.x, positions.get("b")!.x, positions.get("c")!.x]).toEqual([0, 20, 40]);
    const cyclic = fastLayeredLayout(["x", "y"], [["x", "y"], ["y", "x"]], options);
    expect(cyclic.size).toBe(2);
  });
});

describe("layeredPositions (the canvas view's worker)", () => {
  it("lays out 10,000 nodes in layers: every edge points right, no two nodes overlap", () => {
    const graph = pipeline(10_000, 100);
    const index = new Map(graph.nodes.map((n, i) => [n.task_id, i]));
    const from = Int32Array.from(graph.edges, (e) => index.get(e.upstream_id)!);
    const to = Int32Array.from(graph.edges, (e) => index.get(e.downstream_id)!);
    const xy = layeredPositions(graph.nodes.length, from, to, LAYOUT_OPTIONS);
    for (let e = 0; e < from.length; e += 1) expect(xy[from[e] * 2] + NODE_WIDTH).toBeLessThanOrEqual(xy[to[e] * 2]);
    const seen = new Set<string>();
    for (let i = 0; i < graph.nodes.length; i += 1) seen.add(`${xy[i * 2]},${xy[i * 2 + 1]}`);
    expect(seen.size).toBe(graph.nodes.length);
  });
});
