/**
 * Draws the graph on a 2D canvas: edges as one path, nodes batched by status colour,
 * text only when zoomed in far enough to read it. Only what intersects the visible
 * world rectangle is drawn, so a frame costs what is on screen, and at most 10,000
 * small rectangles when the whole graph is fitted.
 */
import type { GraphModel } from "@/graph/canvas/graph-model";
import { type Size, type Viewport, visibleWorld } from "@/graph/canvas/scene";
import { statusLabel, STATUS_COLORS } from "@/tasks/StatusBadge";

/** Zoom from which nodes get borders and a status stripe instead of a plain coloured box. */
const DETAIL_ZOOM = 0.25;
/** Zoom from which labels (family, parameters, status) are drawn. */
const TEXT_ZOOM = 0.45;
const ARROW_ZOOM = 0.3;
const EDGE_COLOR = "#94a3b8";
const FONT = "ui-sans-serif, system-ui, sans-serif";
const MONO = "ui-monospace, SFMono-Regular, Menlo, monospace";

export interface DrawInput {
  model: GraphModel;
  /** Node top-left positions, [x0, y0, x1, y1, ...]. */
  xy: Float64Array;
  nodeWidth: number;
  nodeHeight: number;
  view: Viewport;
  size: Size;
  hovered: number;
}

/** Text cut to about `width` pixels (an estimate: measuring every label each frame costs more). */
function fit(text: string, width: number, fontPx: number): string {
  const chars = Math.floor(width / (fontPx * 0.58));
  return text.length <= chars ? text : `${text.slice(0, Math.max(chars - 1, 0))}…`;
}

/** Indices of the nodes that intersect the visible world (plus their screen boxes). */
function visibleNodes(input: DrawInput): number[] {
  const { xy, nodeWidth, nodeHeight, model } = input;
  const world = visibleWorld(input.view, input.size);
  const shown: number[] = [];
  for (let i = 0; i < model.ids.length; i += 1) {
    const x = xy[i * 2];
    const y = xy[i * 2 + 1];
    if (x + nodeWidth >= world.minX && x <= world.maxX && y + nodeHeight >= world.minY && y <= world.maxY) shown.push(i);
  }
  return shown;
}

function drawEdges(ctx: CanvasRenderingContext2D, input: DrawInput) {
  const { model, xy, nodeWidth, nodeHeight, view, size } = input;
  const { zoom } = view;
  const arrows = zoom >= ARROW_ZOOM;
  const head = 7;
  ctx.beginPath();
  const tips: number[] = [];
  for (let e = 0; e < model.from.length; e += 1) {
    const a = model.from[e];
    const b = model.to[e];
    const x1 = (xy[a * 2] + nodeWidth) * zoom + view.x;
    const y1 = (xy[a * 2 + 1] + nodeHeight / 2) * zoom + view.y;
    const x2 = xy[b * 2] * zoom + view.x;
    const y2 = (xy[b * 2 + 1] + nodeHeight / 2) * zoom + view.y;
    // Skip segments whose bounding box misses the pane.
    if (Math.max(x1, x2) < 0 || Math.min(x1, x2) > size.width) continue;
    if (Math.max(y1, y2) < 0 || Math.min(y1, y2) > size.height) continue;
    ctx.moveTo(x1, y1);
    if (arrows) {
      // A horizontal run into the target, so arrowheads point at the node.
      ctx.bezierCurveTo((x1 + x2) / 2, y1, (x1 + x2) / 2, y2, x2 - head, y2);
      tips.push(x2, y2);
    } else {
      ctx.lineTo(x2, y2);
    }
  }
  ctx.strokeStyle = EDGE_COLOR;
  ctx.globalAlpha = zoom < DETAIL_ZOOM ? 0.45 : 0.9;
  ctx.lineWidth = zoom < DETAIL_ZOOM ? 0.6 : 1.25;
  ctx.stroke();
  ctx.globalAlpha = 1;
  if (tips.length) {
    ctx.beginPath();
    for (let i = 0; i < tips.length; i += 2) {
      const [x, y] = [tips[i], tips[i + 1]];
      ctx.moveTo(x, y);
      ctx.lineTo(x - head, y - head / 2);
      ctx.lineTo(x - head, y + head / 2);
      ctx.closePath();
    }
    ctx.fillStyle = EDGE_COLOR;
    ctx.fill();
  }
}

function drawNodes(ctx: CanvasRenderingContext2D, input: DrawInput, shown: number[]) {
  const { model, xy, nodeWidth, nodeHeight, view } = input;
  const { zoom } = view;
  const w = nodeWidth * zoom;
  const h = nodeHeight * zoom;
  const detailed = zoom >= DETAIL_ZOOM;
  const byStatus = new Map<string, number[]>();
  for (const i of shown) {
    const group = byStatus.get(model.statuses[i]);
    if (group) group.push(i);
    else byStatus.set(model.statuses[i], [i]);
  }
  for (const [status, group] of byStatus) {
    const colors = STATUS_COLORS[status as keyof typeof STATUS_COLORS] ?? STATUS_COLORS.pending;
    ctx.fillStyle = detailed ? colors.fill : colors.dot;
    for (const i of group) ctx.fillRect(xy[i * 2] * zoom + view.x, xy[i * 2 + 1] * zoom + view.y, Math.max(w, 1), Math.max(h, 1));
    if (!detailed) continue;
    ctx.beginPath();
    for (const i of group) ctx.rect(xy[i * 2] * zoom + view.x + 0.5, xy[i * 2 + 1] * zoom + view.y + 0.5, w - 1, h - 1);
    ctx.strokeStyle = colors.border;
    ctx.lineWidth = 1;
    ctx.stroke();
    ctx.fillStyle = colors.dot;
    for (const i of group) ctx.fillRect(xy[i * 2] * zoom + view.x, xy[i * 2 + 1] * zoom + view.y, 4 * zoom + 1, h);
  }
  // Rings: the graph's root (dark) and the node under the pointer.
  for (const [index, color] of [
    [model.rootIndex, "#1e293b"],
    [input.hovered, "#0f172a"],
  ] as const) {
    if (index < 0 || index >= model.ids.length) continue;
    ctx.strokeStyle = color;
    ctx.lineWidth = index === model.rootIndex ? 2.5 : 1.5;
    ctx.strokeRect(xy[index * 2] * zoom + view.x - 2, xy[index * 2 + 1] * zoom + view.y - 2, w + 4, h + 4);
  }
  if (zoom >= TEXT_ZOOM) drawLabels(ctx, input, shown);
}

function drawLabels(ctx: CanvasRenderingContext2D, input: DrawInput, shown: number[]) {
  const { model, xy, nodeWidth, nodeHeight, view } = input;
  const { zoom } = view;
  const pad = 12 * zoom;
  const inner = (nodeWidth - 24) * zoom;
  const big = 13 * zoom;
  const small = 11 * zoom;
  ctx.textBaseline = "middle";
  ctx.font = `500 ${big}px ${FONT}`;
  ctx.fillStyle = "#0f172a";
  for (const i of shown) {
    const x = xy[i * 2] * zoom + view.x + pad;
    const y = (xy[i * 2 + 1] + nodeHeight * 0.36) * zoom + view.y;
    ctx.fillText(fit(model.families[i], inner, big), x, y);
  }
  ctx.font = `${small}px ${MONO}`;
  ctx.fillStyle = "#64748b";
  for (const i of shown) {
    const x = xy[i * 2] * zoom + view.x + pad;
    const y = (xy[i * 2 + 1] + nodeHeight * 0.7) * zoom + view.y;
    ctx.fillText(fit(model.labels[i], inner * 0.62, small), x, y);
  }
  ctx.font = `${small}px ${FONT}`;
  ctx.textAlign = "right";
  for (const i of shown) {
    const colors = STATUS_COLORS[model.statuses[i] as keyof typeof STATUS_COLORS] ?? STATUS_COLORS.pending;
    ctx.fillStyle = colors.text;
    const x = (xy[i * 2] + nodeWidth) * zoom + view.x - pad;
    const y = (xy[i * 2 + 1] + nodeHeight * 0.7) * zoom + view.y;
    ctx.fillText(statusLabel(model.statuses[i]), x, y);
  }
  ctx.textAlign = "left";
}

/** One frame: clears the pane and draws what is visible. Returns how many nodes were drawn. */
export function drawGraph(ctx: CanvasRenderingContext2D, input: DrawInput): number {
  ctx.clearRect(0, 0, input.size.width, input.size.height);
  const shown = visibleNodes(input);
  drawEdges(ctx, input);
  drawNodes(ctx, input, shown);
  return shown.length;
}
