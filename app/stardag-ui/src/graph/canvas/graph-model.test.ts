import { describe, expect, it } from "vitest";

import type { CompactTaskGraph, TaskStatus } from "@/api/types";
import { buildGraphModel, sameStructure } from "@/graph/canvas/graph-model";

function graph(statuses: Record<string, TaskStatus>, edges: [number, number][], root = "c"): CompactTaskGraph {
  return {
    root_id: root,
    truncated: false,
    nodes: Object.entries(statuses).map(([id, status], depth) => ({
      task_id: id,
      namespace: "",
      family: id === root ? "Join" : "Load",
      status,
      parameters: id === root ? {} : { path: `${id}.csv` },
      depth,
    })),
    edges,
  };
}

describe("buildGraphModel", () => {
  it("indexes nodes, keeps edges between them and labels each node", () => {
    const model = buildGraphModel(
      graph({ c: "pending", a: "completed", b: "failed" }, [
        [1, 0],
        [2, 0],
        [7, 0],
        [1, 1],
      ]),
    );
    expect(model.ids).toEqual(["c", "a", "b"]);
    expect(model.rootIndex).toBe(0);
    expect(model.statuses).toEqual(["pending", "completed", "failed"]);
    expect([...model.from]).toEqual([1, 2]);
    expect([...model.to]).toEqual([0, 0]);
    expect(model.labels[1]).toBe("path=a.csv");
    // A node with nothing to tell it apart shows its short id.
    expect(model.labels[0]).toBe("c");
  });

  it("tells a status-only change from a change of shape", () => {
    const before = buildGraphModel(graph({ c: "running", a: "running" }, [[1, 0]]));
    const statusOnly = buildGraphModel(graph({ c: "completed", a: "failed" }, [[1, 0]]));
    const moreNodes = buildGraphModel(graph({ c: "running", a: "running", b: "pending" }, [[1, 0]]));
    const otherEdges = buildGraphModel(graph({ c: "running", a: "running" }, [[0, 1]], "c"));
    expect(sameStructure(before, statusOnly)).toBe(true);
    expect(sameStructure(before, moreNodes)).toBe(false);
    expect(sameStructure(before, otherEdges)).toBe(false);
  });
});
