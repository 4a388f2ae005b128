import { describe, expect, it } from "vitest";

import { layoutGraph, NODE_WIDTH } from "@/graph/layout";

describe("layoutGraph", () => {
  it("places upstream tasks left of their dependents", () => {
    const positions = layoutGraph({
      nodes: [{ task_id: "a" }, { task_id: "b" }, { task_id: "c" }],
      edges: [
        { upstream_id: "a", downstream_id: "b" },
        { upstream_id: "b", downstream_id: "c" },
      ],
    });
    const [a, b, c] = ["a", "b", "c"].map((id) => positions.get(id)!);
    expect(a.x + NODE_WIDTH).toBeLessThanOrEqual(b.x);
    expect(b.x + NODE_WIDTH).toBeLessThanOrEqual(c.x);
  });

  it("ignores edges to nodes outside the (truncated) graph", () => {
    const positions = layoutGraph({
      nodes: [{ task_id: "a" }],
      edges: [{ upstream_id: "a", downstream_id: "missing" }],
    });
    expect([...positions.keys()]).toEqual(["a"]);
  });
});
