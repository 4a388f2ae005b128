/**
 * The graph part of bench-ui.mjs: first view of a big graph, "fit view", and frame rates
 * while it is panned and zoomed. Pan and zoom are scripted inside the page, one pointer
 * or wheel event per animation frame (a continuous drag or scroll, the worst case), and
 * the frame rate comes from requestAnimationFrame deltas meanwhile.
 */

/** Canvas view above this many nodes (CANVAS_MIN_NODES in src/pages/TaskGraphPage.tsx). */
const CANVAS_MIN_NODES = 500;
const FRAMES_PER_GESTURE = 120;

const quantile = (values, q) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};

/** Resolves in the page once `ready()` holds, checked each frame, then one more frame (painted). */
const WAIT_FOR = `async (ready, timeoutMs) => {
  const deadline = performance.now() + timeoutMs;
  await new Promise((resolve, reject) => {
    const tick = () => {
      if (ready()) requestAnimationFrame(() => resolve());
      else if (performance.now() > deadline) reject(new Error("timed out: " + ready));
      else requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  return performance.now();
}`;

/** Pan (a drag in a loop) then zoom (wheel in, out, in) on the canvas, one event a frame. */
async function panAndZoom(page) {
  return page.evaluate(async (frames) => {
    const canvas = document.querySelector('[data-testid="graph-canvas-view"]');
    const rect = canvas.getBoundingClientRect();
    const cx = rect.left + rect.width / 2;
    const cy = rect.top + rect.height / 2;
    const probe = window.__stardagGraph;
    const drawsBefore = probe.drawTimes.length;
    const zoom = probe.viewport().zoom;
    const deltas = [];
    const pointer = (type, x, y) =>
      canvas.dispatchEvent(
        new PointerEvent(type, { bubbles: true, clientX: x, clientY: y, button: 0, buttons: 1, pointerId: 1, isPrimary: true }),
      );
    const gesture = (step) =>
      new Promise((resolve) => {
        let last = performance.now();
        let frame = 0;
        const tick = (now) => {
          if (frame > 0) deltas.push(now - last);
          last = now;
          if (frame === frames) return resolve();
          step(frame);
          frame += 1;
          requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      });
    pointer("pointerdown", cx, cy);
    await gesture((i) => {
      const angle = (i / frames) * 2 * Math.PI;
      pointer("pointermove", cx + 150 * Math.sin(angle), cy + 100 * (1 - Math.cos(angle)));
    });
    pointer("pointerup", cx, cy + 1);
    await gesture((i) => {
      const inward = i < frames / 4 || i >= (3 * frames) / 4;
      canvas.dispatchEvent(
        new WheelEvent("wheel", { bubbles: true, cancelable: true, clientX: cx, clientY: cy, deltaY: inward ? -40 : 40 }),
      );
    });
    return { deltas, draws: probe.drawTimes.slice(drawsBefore), zoom };
  }, FRAMES_PER_GESTURE);
}

function frameFigures(sample, nodesDrawn) {
  const median = quantile(sample.deltas, 0.5);
  const p95 = quantile(sample.deltas, 0.95);
  return {
    zoom: sample.zoom,
    nodes_drawn: nodesDrawn,
    frames: sample.deltas.length,
    median_fps: 1000 / median,
    p5_fps: 1000 / p95,
    p95_frame_ms: p95,
    draw_median_ms: quantile(sample.draws, 0.5),
    draw_p95_ms: quantile(sample.draws, 0.95),
  };
}

/** Nodes inside the pane at the current viewport (what a frame draws). */
const nodesOnScreen = (page) => page.evaluate(() => window.__stardagGraph.lastDrawnNodes());

export async function measureGraph(page, { baseUrl, graphRoot, nodes, frames }) {
  const canvas = nodes > CANVAS_MIN_NODES;
  await page.goto(`${baseUrl}/tasks/${graphRoot}/graph?direction=upstream&depth=0&max_nodes=${nodes}`);
  const ready = canvas
    ? `() => performance.getEntriesByName("stardag:graph-drawn").length > 0`
    : `() => document.querySelector('.react-flow__node[data-id="${graphRoot}"]:not([style*="hidden"])')`;
  const firstViewAt = await page.evaluate(`(${WAIT_FOR})(${ready}, 120000)`);
  const request = await page.evaluate(() => {
    const entry = performance.getEntriesByType("resource").find((e) => e.name.includes("/graph/compact?"));
    return entry ? { ms: entry.responseEnd - entry.startTime, end: entry.responseEnd, bytes: entry.encodedBodySize } : null;
  });
  const layoutMs = await page.evaluate(
    (count) => performance.getEntriesByName("stardag:graph-layout").find((e) => e.detail === count)?.duration ?? NaN,
    nodes,
  );
  const drawnNodes = canvas
    ? await page.evaluate(() => window.__stardagGraph.nodeCount)
    : await page.locator('[data-testid="graph-node"]').count();

  const result = {
    nodes: drawnNodes,
    renderer: canvas ? "canvas" : "react-flow",
    first_view_ms: firstViewAt,
    api_ms: request?.ms ?? NaN,
    payloadKib: request ? request.bytes / 1024 : NaN,
    layout_ms: layoutMs,
    after_data_ms: request ? firstViewAt - request.end : NaN,
  };
  const fps = {};
  if (canvas && frames) {
    const shown = await nodesOnScreen(page);
    fps.fps_first_view = frameFigures(await panAndZoom(page), shown);
  }

  // "Fit view": every node on screen.
  const fitStart = await page.evaluate(() => {
    const start = performance.now();
    document.querySelector('[aria-label="Fit view"]').click();
    return start;
  });
  const allShown = canvas
    ? `() => true`
    : `() => [...document.querySelectorAll(".react-flow__node")].filter((n) => n.style.visibility !== "hidden").length >= ${nodes}`;
  const fitEnd = await page.evaluate(`(${WAIT_FOR})(${allShown}, 60000)`);
  result.fit_all_ms = fitEnd - fitStart;
  if (canvas && frames) {
    const shown = await nodesOnScreen(page);
    fps.fps_fitted = frameFigures(await panAndZoom(page), shown);
  }
  if (Object.keys(fps).length) result.fps = fps;
  return result;
}
