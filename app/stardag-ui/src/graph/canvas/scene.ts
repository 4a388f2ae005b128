/**
 * Geometry of the canvas view, free of the DOM: the viewport (world → screen is
 * `world * zoom + offset`), zooming about a point, fitting bounds, and a grid index
 * that answers "which node is under this point" in constant time for 10,000 nodes.
 */

export interface Viewport {
  x: number;
  y: number;
  zoom: number;
}

export interface Size {
  width: number;
  height: number;
}

export interface Box {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

// Low enough to fit a 20,000-task chain (one long row) on screen.
export const MIN_ZOOM = 0.0001;
export const MAX_ZOOM = 2.5;

const clampZoom = (zoom: number) => Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, zoom));

/** The viewport zoomed by `factor`, keeping the world point under screen (`sx`, `sy`) in place. */
export function zoomAbout(view: Viewport, factor: number, sx: number, sy: number): Viewport {
  const zoom = clampZoom(view.zoom * factor);
  const worldX = (sx - view.x) / view.zoom;
  const worldY = (sy - view.y) / view.zoom;
  return { zoom, x: sx - worldX * zoom, y: sy - worldY * zoom };
}

/** A viewport showing all of `box` in `size`, with `padding` (fraction) around it. */
export function fitBox(box: Box, size: Size, padding = 0.05, maxZoom = 1.25): Viewport {
  const width = Math.max(box.maxX - box.minX, 1);
  const height = Math.max(box.maxY - box.minY, 1);
  const zoom = clampZoom(Math.min(maxZoom, (size.width * (1 - 2 * padding)) / width, (size.height * (1 - 2 * padding)) / height));
  return {
    zoom,
    x: size.width / 2 - (box.minX + width / 2) * zoom,
    y: size.height / 2 - (box.minY + height / 2) * zoom,
  };
}

/** A viewport at `zoom` with the world point (`cx`, `cy`) at the middle of `size`. */
export function centreOn(cx: number, cy: number, size: Size, zoom: number): Viewport {
  return { zoom, x: size.width / 2 - cx * zoom, y: size.height / 2 - cy * zoom };
}

/** The world rectangle visible through `view` in a pane of `size`. */
export function visibleWorld(view: Viewport, size: Size): Box {
  return {
    minX: -view.x / view.zoom,
    minY: -view.y / view.zoom,
    maxX: (size.width - view.x) / view.zoom,
    maxY: (size.height - view.y) / view.zoom,
  };
}

/** Bounds of `count` nodes of `nodeWidth` x `nodeHeight` at top-left positions `xy`. */
export function boundsOf(xy: Float64Array, count: number, nodeWidth: number, nodeHeight: number): Box {
  const box = { minX: Infinity, minY: Infinity, maxX: -Infinity, maxY: -Infinity };
  for (let i = 0; i < count; i += 1) {
    box.minX = Math.min(box.minX, xy[i * 2]);
    box.minY = Math.min(box.minY, xy[i * 2 + 1]);
    box.maxX = Math.max(box.maxX, xy[i * 2] + nodeWidth);
    box.maxY = Math.max(box.maxY, xy[i * 2 + 1] + nodeHeight);
  }
  return count ? box : { minX: 0, minY: 0, maxX: nodeWidth, maxY: nodeHeight };
}

/** Nodes bucketed by grid cell (a cell is one node's size, so a point touches few nodes). */
export class NodeGrid {
  private readonly cells = new Map<string, number[]>();

  constructor(
    private readonly xy: Float64Array,
    count: number,
    private readonly nodeWidth: number,
    private readonly nodeHeight: number,
  ) {
    for (let i = 0; i < count; i += 1) {
      const x0 = Math.floor(xy[i * 2] / nodeWidth);
      const y0 = Math.floor(xy[i * 2 + 1] / nodeHeight);
      // A node spans at most 2 x 2 cells.
      for (let cx = x0; cx <= x0 + 1; cx += 1) {
        for (let cy = y0; cy <= y0 + 1; cy += 1) {
          const key = `${cx},${cy}`;
          const cell = this.cells.get(key);
          if (cell) cell.push(i);
          else this.cells.set(key, [i]);
        }
      }
    }
  }

  /** The node whose box contains the world point, or -1. */
  nodeAt(wx: number, wy: number): number {
    const cell = this.cells.get(`${Math.floor(wx / this.nodeWidth)},${Math.floor(wy / this.nodeHeight)}`);
    for (const i of cell ?? []) {
      const x = this.xy[i * 2];
      const y = this.xy[i * 2 + 1];
      if (wx >= x && wx <= x + this.nodeWidth && wy >= y && wy <= y + this.nodeHeight) return i;
    }
    return -1;
  }
}
