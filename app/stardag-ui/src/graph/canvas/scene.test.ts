import { describe, expect, it } from "vitest";

import { boundsOf, centreOn, fitBox, MAX_ZOOM, NodeGrid, visibleWorld, zoomAbout } from "@/graph/canvas/scene";

describe("viewport", () => {
  it("zooms about the pointer: the world point under it stays put", () => {
    const view = { x: 30, y: -40, zoom: 0.5 };
    const next = zoomAbout(view, 2, 200, 100);
    expect(next.zoom).toBe(1);
    const before = [(200 - view.x) / view.zoom, (100 - view.y) / view.zoom];
    const after = [(200 - next.x) / next.zoom, (100 - next.y) / next.zoom];
    expect(after[0]).toBeCloseTo(before[0]);
    expect(after[1]).toBeCloseTo(before[1]);
    expect(zoomAbout(view, 1000, 0, 0).zoom).toBe(MAX_ZOOM);
  });

  it("fits a box inside the pane and centres on a point", () => {
    const size = { width: 800, height: 600 };
    const box = { minX: -1000, minY: -5000, maxX: 9000, maxY: 5000 };
    const world = visibleWorld(fitBox(box, size), size);
    expect(world.minX).toBeLessThanOrEqual(box.minX);
    expect(world.maxX).toBeGreaterThanOrEqual(box.maxX);
    expect(world.minY).toBeLessThanOrEqual(box.minY);
    expect(world.maxY).toBeGreaterThanOrEqual(box.maxY);
    const centred = visibleWorld(centreOn(100, 50, size, 0.5), size);
    expect((centred.minX + centred.maxX) / 2).toBeCloseTo(100);
    expect((centred.minY + centred.maxY) / 2).toBeCloseTo(50);
  });
});

describe("NodeGrid", () => {
  it("finds the node under a point, and nothing between nodes", () => {
    const xy = new Float64Array([0, 0, 300, 0, 300, 80, -450, -1000]);
    const grid = new NodeGrid(xy, 4, 220, 58);
    expect(grid.nodeAt(10, 10)).toBe(0);
    expect(grid.nodeAt(519, 57)).toBe(1);
    expect(grid.nodeAt(400, 100)).toBe(2);
    expect(grid.nodeAt(-300, -960)).toBe(3);
    expect(grid.nodeAt(250, 30)).toBe(-1);
    expect(grid.nodeAt(400, 65)).toBe(-1);
    expect(boundsOf(xy, 4, 220, 58)).toEqual({ minX: -450, minY: -1000, maxX: 520, maxY: 138 });
  });
});
