/**
 * The graph view for big graphs (thousands to tens of thousands of tasks): one canvas
 * instead of a DOM element per node. The layout runs in a Web Worker; pan (drag),
 * zoom (wheel, buttons, + and -), fit-all and click-to-open work as in the small view.
 */
import { Maximize, Minus, Plus } from "lucide-react";
import * as React from "react";

import type { CompactTaskGraph as TaskGraphData } from "@/api/types";
import { layoutOffThread, warmLayoutWorker } from "@/graph/canvas/layout-client";
import { buildGraphModel, type GraphModel, sameStructure } from "@/graph/canvas/graph-model";
import { drawGraph } from "@/graph/canvas/draw";
import {
  boundsOf,
  centreOn,
  fitBox,
  NodeGrid,
  type Size,
  type Viewport,
  zoomAbout,
} from "@/graph/canvas/scene";
import { LAYOUT_OPTIONS, NODE_HEIGHT, NODE_WIDTH } from "@/graph/geometry";
import { statusLabel } from "@/tasks/StatusBadge";

// This module loads while a big graph is being fetched (see TaskGraphPage).
warmLayoutWorker();

/** Zoom of the first view: the root and its surroundings, labels readable. */
const FIRST_VIEW_ZOOM = 0.7;
/** Pointer travel (px) below which a press-and-release is a click, not a drag. */
const CLICK_SLOP = 4;

interface Laid {
  model: GraphModel;
  xy: Float64Array;
  grid: NodeGrid;
}

/** What tests and bench/bench_ui.py read from the page (a canvas has no DOM nodes to query). */
export interface CanvasGraphProbe {
  nodeCount: number;
  /** Centre of a node in client (page) coordinates, or null when it is off screen. */
  clientPoint: (taskId: string) => { x: number; y: number } | null;
  viewport: () => Viewport;
  /** Milliseconds each drawn frame took on the main thread. */
  drawTimes: number[];
  /** Nodes the last frame drew (those on screen). */
  lastDrawnNodes: () => number;
}

declare global {
  interface Window {
    __stardagGraph?: CanvasGraphProbe;
  }
}

/** The graph laid out off the main thread; a refetch that changed only statuses reuses
 *  the previous positions (and so keeps the user's viewport). */
function useLayout(graph: TaskGraphData): Laid | null {
  const [laid, setLaid] = React.useState<Laid | null>(null);
  const previous = React.useRef<Laid | null>(null);
  React.useEffect(() => {
    let current = true;
    const model = buildGraphModel(graph);
    const before = previous.current;
    if (before && sameStructure(before.model, model)) {
      previous.current = { ...before, model };
      setLaid(previous.current);
      return;
    }
    const start = performance.now();
    void layoutOffThread(model.ids.length, model.from, model.to, LAYOUT_OPTIONS).then((xy) => {
      performance.measure("stardag:graph-layout", { start, detail: model.ids.length });
      if (!current) return;
      previous.current = { model, xy, grid: new NodeGrid(xy, model.ids.length, NODE_WIDTH, NODE_HEIGHT) };
      setLaid(previous.current);
    });
    return () => {
      current = false;
    };
  }, [graph]);
  return laid;
}

export function CanvasGraph({ graph, onOpenTask }: { graph: TaskGraphData; onOpenTask: (taskId: string) => void }) {
  const laid = useLayout(graph);
  const pane = React.useRef<HTMLDivElement>(null);
  const canvas = React.useRef<HTMLCanvasElement>(null);
  const size = React.useRef<Size>({ width: 0, height: 0 });
  const view = React.useRef<Viewport | null>(null);
  const hovered = React.useRef(-1);
  const frame = React.useRef(0);
  const drawTimes = React.useRef<number[]>([]);
  const drawnNodes = React.useRef(0);
  const [tooltip, setTooltip] = React.useState<{ index: number; x: number; y: number } | null>(null);

  const draw = React.useCallback(() => {
    frame.current = 0;
    const element = canvas.current;
    const ctx = element?.getContext("2d");
    if (!laid || !ctx || !view.current || size.current.width === 0) return;
    const start = performance.now();
    const ratio = window.devicePixelRatio || 1;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    drawnNodes.current = drawGraph(ctx, {
      model: laid.model,
      xy: laid.xy,
      nodeWidth: NODE_WIDTH,
      nodeHeight: NODE_HEIGHT,
      view: view.current,
      size: size.current,
      hovered: hovered.current,
    });
    drawTimes.current.push(performance.now() - start);
    if (drawTimes.current.length > 2000) drawTimes.current.splice(0, 1000);
  }, [laid]);

  const requestDraw = React.useCallback(() => {
    if (!frame.current) frame.current = requestAnimationFrame(draw);
  }, [draw]);

  const setView = React.useCallback(
    (next: Viewport) => {
      view.current = next;
      requestDraw();
    },
    [requestDraw],
  );

  const fitAll = React.useCallback(() => {
    if (!laid) return;
    setView(fitBox(boundsOf(laid.xy, laid.model.ids.length, NODE_WIDTH, NODE_HEIGHT), size.current));
  }, [laid, setView]);

  // Size the canvas to its pane (in device pixels) and keep it so.
  React.useLayoutEffect(() => {
    const element = pane.current;
    if (!element) return;
    const resize = () => {
      const ratio = window.devicePixelRatio || 1;
      size.current = { width: element.clientWidth, height: element.clientHeight };
      if (canvas.current) {
        canvas.current.width = Math.round(size.current.width * ratio);
        canvas.current.height = Math.round(size.current.height * ratio);
      }
      requestDraw();
    };
    resize();
    const observer = new ResizeObserver(resize);
    observer.observe(element);
    return () => observer.disconnect();
  }, [requestDraw]);

  // First view, once laid out: the root at the centre at a readable zoom (a graph that
  // fits the pane at that zoom is shown whole). Status-only refetches keep the view.
  const firstViewFor = React.useRef<Float64Array | null>(null);
  React.useEffect(() => {
    if (!laid) return;
    if (firstViewFor.current === laid.xy) {
      requestDraw();
      return;
    }
    firstViewFor.current = laid.xy;
    const { model, xy } = laid;
    const whole = fitBox(boundsOf(xy, model.ids.length, NODE_WIDTH, NODE_HEIGHT), size.current);
    const root = [xy[model.rootIndex * 2] + NODE_WIDTH / 2, xy[model.rootIndex * 2 + 1] + NODE_HEIGHT / 2];
    view.current = whole.zoom >= FIRST_VIEW_ZOOM ? whole : centreOn(root[0], root[1], size.current, FIRST_VIEW_ZOOM);
    draw();
    performance.mark("stardag:graph-drawn", { detail: model.ids.length });
  }, [laid, draw, requestDraw]);

  React.useEffect(() => () => cancelAnimationFrame(frame.current), []);

  // The probe for tests and the benchmark.
  React.useEffect(() => {
    if (!laid) return;
    const index = new Map(laid.model.ids.map((id, i) => [id, i]));
    window.__stardagGraph = {
      nodeCount: laid.model.ids.length,
      drawTimes: drawTimes.current,
      lastDrawnNodes: () => drawnNodes.current,
      viewport: () => ({ ...view.current! }),
      clientPoint: (taskId) => {
        const i = index.get(taskId);
        const v = view.current;
        const rect = canvas.current?.getBoundingClientRect();
        if (i === undefined || !v || !rect) return null;
        const x = (laid.xy[i * 2] + NODE_WIDTH / 2) * v.zoom + v.x;
        const y = (laid.xy[i * 2 + 1] + NODE_HEIGHT / 2) * v.zoom + v.y;
        if (x < 0 || y < 0 || x > size.current.width || y > size.current.height) return null;
        return { x: rect.left + x, y: rect.top + y };
      },
    };
    return () => {
      delete window.__stardagGraph;
    };
  }, [laid]);

  // Wheel zoom needs a non-passive listener to keep the page from scrolling.
  React.useEffect(() => {
    const element = canvas.current;
    if (!element) return;
    const onWheel = (event: WheelEvent) => {
      if (!view.current) return;
      event.preventDefault();
      const rect = element.getBoundingClientRect();
      const factor = Math.exp(-event.deltaY * (event.deltaMode === 1 ? 0.05 : 0.0015));
      setView(zoomAbout(view.current, factor, event.clientX - rect.left, event.clientY - rect.top));
    };
    element.addEventListener("wheel", onWheel, { passive: false });
    return () => element.removeEventListener("wheel", onWheel);
  }, [setView]);

  const drag = React.useRef<{ x: number; y: number; view: Viewport; moved: boolean } | null>(null);
  const nodeAt = (event: React.PointerEvent) => {
    const v = view.current;
    if (!laid || !v) return -1;
    const rect = event.currentTarget.getBoundingClientRect();
    return laid.grid.nodeAt((event.clientX - rect.left - v.x) / v.zoom, (event.clientY - rect.top - v.y) / v.zoom);
  };
  const onPointerDown = (event: React.PointerEvent<HTMLCanvasElement>) => {
    if (!view.current || event.button !== 0) return;
    try {
      // Keeps the drag going when the pointer leaves the canvas.
      event.currentTarget.setPointerCapture(event.pointerId);
    } catch {
      // A synthetic pointer (tests, benchmark) cannot be captured; dragging works without.
    }
    drag.current = { x: event.clientX, y: event.clientY, view: view.current, moved: false };
  };
  const onPointerMove = (event: React.PointerEvent<HTMLCanvasElement>) => {
    const start = drag.current;
    if (start) {
      const dx = event.clientX - start.x;
      const dy = event.clientY - start.y;
      if (start.moved || Math.hypot(dx, dy) > CLICK_SLOP) {
        start.moved = true;
        setView({ ...start.view, x: start.view.x + dx, y: start.view.y + dy });
        setTooltip(null);
      }
      return;
    }
    const index = nodeAt(event);
    if (index !== hovered.current) {
      hovered.current = index;
      event.currentTarget.style.cursor = index >= 0 ? "pointer" : "grab";
      const rect = event.currentTarget.getBoundingClientRect();
      setTooltip(index >= 0 ? { index, x: event.clientX - rect.left, y: event.clientY - rect.top } : null);
      requestDraw();
    }
  };
  const onPointerUp = (event: React.PointerEvent<HTMLCanvasElement>) => {
    const start = drag.current;
    drag.current = null;
    if (!start || start.moved || !laid) return;
    const index = nodeAt(event);
    if (index >= 0) onOpenTask(laid.model.ids[index]);
  };
  const onKeyDown = (event: React.KeyboardEvent<HTMLCanvasElement>) => {
    const v = view.current;
    if (!v) return;
    const step = 60;
    const moves: Record<string, () => Viewport> = {
      ArrowLeft: () => ({ ...v, x: v.x + step }),
      ArrowRight: () => ({ ...v, x: v.x - step }),
      ArrowUp: () => ({ ...v, y: v.y + step }),
      ArrowDown: () => ({ ...v, y: v.y - step }),
      "+": () => zoomAbout(v, 1.25, size.current.width / 2, size.current.height / 2),
      "=": () => zoomAbout(v, 1.25, size.current.width / 2, size.current.height / 2),
      "-": () => zoomAbout(v, 0.8, size.current.width / 2, size.current.height / 2),
    };
    const move = moves[event.key];
    if (move) {
      event.preventDefault();
      setView(move());
    }
  };
  const zoomBy = (factor: number) => {
    if (view.current) setView(zoomAbout(view.current, factor, size.current.width / 2, size.current.height / 2));
  };

  const tipNode = tooltip && laid ? tooltip.index : -1;
  return (
    <div
      ref={pane}
      className="relative h-full w-full"
      data-testid="graph-pane"
      data-renderer="canvas"
      data-ready={Boolean(laid)}
      data-nodes={laid?.model.ids.length ?? 0}
    >
      <canvas
        ref={canvas}
        data-testid="graph-canvas-view"
        className="absolute inset-0 h-full w-full touch-none outline-none"
        style={{ cursor: "grab" }}
        tabIndex={0}
        role="img"
        aria-label={`Task graph of ${graph.nodes.length.toLocaleString()} tasks: drag to pan, scroll or +/- to zoom, click a task to open it`}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerLeave={() => {
          if (hovered.current >= 0) {
            hovered.current = -1;
            setTooltip(null);
            requestDraw();
          }
        }}
        onKeyDown={onKeyDown}
      />
      {!laid && (
        <div className="absolute inset-0 grid place-items-center text-sm text-muted-foreground" data-testid="graph-laying-out">
          Laying out {graph.nodes.length.toLocaleString()} tasks…
        </div>
      )}
      <div className="absolute top-2 left-2 rounded-md border bg-card/95 px-3 py-1.5 text-xs text-muted-foreground shadow-sm">
        {graph.nodes.length.toLocaleString()} tasks — scroll to zoom, drag to pan, click a task to open it.
      </div>
      <div className="absolute bottom-3 left-3 flex flex-col overflow-hidden rounded-md border bg-card shadow-sm">
        {(
          [
            ["Zoom in", Plus, () => zoomBy(1.25)],
            ["Zoom out", Minus, () => zoomBy(0.8)],
            ["Fit view", Maximize, fitAll],
          ] as const
        ).map(([label, Icon, action]) => (
          <button
            key={label}
            type="button"
            title={label}
            aria-label={label}
            onClick={action}
            className="grid size-8 cursor-pointer place-items-center border-b last:border-b-0 hover:bg-accent"
          >
            <Icon className="size-4" />
          </button>
        ))}
      </div>
      {tipNode >= 0 && laid && tooltip && (
        <div
          className="pointer-events-none absolute z-10 max-w-80 rounded-md border bg-popover px-2 py-1 text-xs shadow-md"
          style={{ left: tooltip.x + 12, top: tooltip.y + 12 }}
          data-testid="graph-tooltip"
        >
          <div className="font-medium">{laid.model.families[tipNode]}</div>
          <div className="font-mono text-muted-foreground">{laid.model.labels[tipNode]}</div>
          <div className="font-mono text-muted-foreground">
            {laid.model.ids[tipNode]} · {statusLabel(laid.model.statuses[tipNode])}
          </div>
        </div>
      )}
    </div>
  );
}
