import { describe, expect, it } from "vitest";

import { drawGraph } from "@/graph/canvas/draw";
import type { GraphModel } from "@/graph/canvas/graph-model";
import { boundsOf, centreOn, fitBox } from "@/graph/canvas/scene";
import { layeredPositions } from "@/graph/fast-layered-layout";
import { LAYOUT_OPTIONS, NODE_HEIGHT, NODE_WIDTH } from "@/graph/geometry";

/** A 2D context that records the text it is asked to draw (jsdom has no canvas). */
function recordingContext() {
  const texts: string[] = [];
  const ctx = new Proxy(
    { texts },
    {
      get: (target, key) =>
        key === "texts" ? target.texts : key === "fillText" ? (text: string) => texts.push(text) : () => undefined,
      set: () => true,
    },
  );
  return ctx as unknown as CanvasRenderingContext2D & { texts: string[] };
}

function chain(size: number): { model: GraphModel; xy: Float64Array } {
  const from = Int32Array.from({ length: size - 1 }, (_, i) => i);
  const to = Int32Array.from({ length: size - 1 }, (_, i) => i + 1);
  const model: GraphModel = {
    ids: Array.from({ length: size }, (_, i) => `task-${i}`),
    families: Array.from({ length: size }, (_, i) => `Family${i}`),
    statuses: Array.from({ length: size }, (_, i) => (i % 2 ? "completed" : "failed")),
    labels: Array.from({ length: size }, (_, i) => `i=${i}`),
    rootIndex: size - 1,
    from,
    to,
  };
  return { model, xy: layeredPositions(size, from, to, LAYOUT_OPTIONS) };
}

describe("drawGraph", () => {
  const size = { width: 1200, height: 800 };

  it("draws every node when the graph is fitted, without text at that zoom", () => {
    const { model, xy } = chain(2000);
    const ctx = recordingContext();
    const view = fitBox(boundsOf(xy, 2000, NODE_WIDTH, NODE_HEIGHT), size);
    expect(drawGraph(ctx, { model, xy, nodeWidth: NODE_WIDTH, nodeHeight: NODE_HEIGHT, view, size, hovered: -1 })).toBe(2000);
    expect(ctx.texts).toEqual([]);
  });

  it("draws only what is on screen when zoomed in, with readable labels", () => {
    const { model, xy } = chain(2000);
    const ctx = recordingContext();
    const view = centreOn(xy[0] + NODE_WIDTH / 2, xy[1] + NODE_HEIGHT / 2, size, 1);
    const drawn = drawGraph(ctx, { model, xy, nodeWidth: NODE_WIDTH, nodeHeight: NODE_HEIGHT, view, size, hovered: -1 });
    expect(drawn).toBeGreaterThan(0);
    expect(drawn).toBeLessThan(10);
    expect(ctx.texts).toContain("Family0");
    expect(ctx.texts).toContain("failed");
    expect(ctx.texts).not.toContain("Family1999");
  });
});
