import { describe, expect, it } from "vitest";

import { distinguishingParams } from "@/graph/node-labels";

describe("distinguishingParams", () => {
  it("names only the parameters that differ within a family", () => {
    const labels = distinguishingParams([
      { task_id: "a", family: "Train", parameters: { lr: 0.1, epochs: 5, data: { __task_id__: "x" } } },
      { task_id: "b", family: "Train", parameters: { lr: 0.2, epochs: 5, data: { __task_id__: "x" } } },
      { task_id: "c", family: "Load", parameters: { path: "a.csv", upstream: [{ __task_id__: "y" }] } },
    ]);
    expect(labels.get("a")).toBe("lr=0.1");
    expect(labels.get("b")).toBe("lr=0.2");
    expect(labels.get("c")).toBe("path=a.csv");
  });
});
