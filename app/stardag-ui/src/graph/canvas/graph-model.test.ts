import { describe, expect, it } from "vitest";

import type { TaskGraph, TaskStatus } from "@/api/types";
import { buildGraphModel, sameStructure } from "@/graph/canvas/graph-model";
import { task } from "@/test/fake-api";

function graph(statuses: Record<string, TaskStatus>, edges: [string, string][], root = "c"): TaskGraph {
  return {
    root_id: root,
    truncated: false,
    nodes: Object.entries(statuses).map(([id, status], depth) => ({
      ...task({ task_id: id, family: id === root ? "Join" : "Load" }),
      status,
      parameters: id === root ? {} : { path: `${id}.csv` },
      depth,
    })),
    edges: edges.map(([upstream_id, downstream_id]) => ({ upstream_id, downstream_id })),
  };
}

describe("buildGraphModel", () => {
  it("indexes nodes, keeps edges between them and labels each node", () => {
    const model = buildGraphModel(
      graph({ c: "pending", a: "completed", b: "failed" }, [
        ["a", "c"],
        ["b", "c"],
        ["missing", "c"],
        ["a", "a"],
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
    const before = buildGraphModel(graph({ c: "running", a: "running" }, [["a", "c"]]));
    const statusOnly = buildGraphModel(graph({ c: "completed", a: "failed" }, [["a", "c"]]));
    const moreNodes = buildGraphModel(graph({ c: "running", a: "running", b: "pending" }, [["a", "c"]]));
    const otherEdges = buildGraphModel(graph({ c: "running", a: "running" }, [["c", "a"]], "c"));
    expect(sameStructure(before, statusOnly)).toBe(true);
    expect(sameStructure(before, moreNodes)).toBe(false);
    expect(sameStructure(before, otherEdges)).toBe(false);
  });
});
