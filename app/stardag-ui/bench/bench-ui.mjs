#!/usr/bin/env node
/**
 * Browser half of bench/bench_ui.py: times the task list, its filters and a 1,000-node
 * graph in headless Chromium against a seeded server. Each run uses a fresh browser
 * context (cold cache, like a first visit). Prints progress to stderr and one JSON line
 * of figures (milliseconds, medians and all runs) to stdout.
 *
 *   node bench/bench-ui.mjs --base-url URL --graph-root TASK_ID --family NAME [--runs 5]
 */
import { launchBrowser, parseArgs } from "../e2e/browser.mjs";

const args = parseArgs(process.argv.slice(2));
const baseUrl = String(args["base-url"]).replace(/\/$/, "");
const runs = Number(args.runs ?? 5);
const family = String(args.family);
const graphRoot = String(args["graph-root"]);
const GRAPH_NODES = 1000;

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

// Records (in page time, ms since navigation start) when the list first shows rows
// with working filters, checked every animation frame.
const WATCH_LIST = () => {
  const tick = () => {
    const rows = document.querySelectorAll('[data-testid="task-row"]').length;
    const search = document.querySelector('input[aria-label="Search tasks"]');
    if (rows > 0 && search && !search.disabled) {
      window.__listInteractiveAt = performance.now();
      return;
    }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
};

// Change a filter the way a user does, then wait for the table to show only matching rows.
async function timeFilter(page, action, expected) {
  return page.evaluate(
    async ({ action, expected }) => {
      const matches = () => {
        const rows = [...document.querySelectorAll('[data-testid="task-row"]')];
        if (rows.length === 0) return false;
        return rows.every((row) => {
          const family = row.querySelector('[data-testid="task-family"]')?.textContent;
          const status = row.querySelector("[data-status]")?.getAttribute("data-status");
          return (!expected.family || family === expected.family) && (!expected.status || status === expected.status);
        });
      };
      const start = performance.now();
      if (action.kind === "select") {
        const select = document.querySelector('select[aria-label="Family"]');
        const setValue = Object.getOwnPropertyDescriptor(HTMLSelectElement.prototype, "value").set;
        setValue.call(select, action.value);
        select.dispatchEvent(new Event("change", { bubbles: true }));
      } else {
        document.querySelector(`[data-testid="status-toggle-${action.value}"]`).click();
      }
      await new Promise((resolve, reject) => {
        const deadline = start + 30_000;
        const tick = () => {
          if (matches()) resolve();
          else if (performance.now() > deadline) reject(new Error(`filter ${JSON.stringify(action)} never applied`));
          else requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      });
      // One more frame so the new rows are painted, not just in the DOM.
      await new Promise((resolve) => requestAnimationFrame(() => resolve()));
      const total = performance.now() - start;
      const request = performance
        .getEntriesByType("resource")
        .find((entry) => entry.startTime >= start && entry.name.includes("/api/v1/tasks?"));
      return { total, api: request ? request.responseEnd - request.startTime : NaN };
    },
    { action, expected },
  );
}

const figures = {
  list_interactive_ms: [],
  filter_family_ms: [],
  filter_family_api_ms: [],
  filter_status_ms: [],
  filter_status_api_ms: [],
  graph_1000_ms: [],
  graph_fit_all_ms: [],
  graph_api_ms: [],
  graph_layout_ms: [],
  graph_after_data_ms: [],
};
let graphNodes = 0;
const browser = await launchBrowser();
try {
  for (let run = 0; run < runs; run += 1) {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    await page.addInitScript(WATCH_LIST);
    await page.goto(`${baseUrl}/tasks`);
    await page.waitForFunction(() => window.__listInteractiveAt !== undefined, null, { timeout: 30_000 });
    figures.list_interactive_ms.push(await page.evaluate(() => window.__listInteractiveAt));
    await page.waitForSelector(`select[aria-label="Family"] option[value="${family}"]`, { state: "attached" });
    const byFamily = await timeFilter(page, { kind: "select", value: family }, { family });
    figures.filter_family_ms.push(byFamily.total);
    figures.filter_family_api_ms.push(byFamily.api);
    const byStatus = await timeFilter(page, { kind: "toggle", value: "failed" }, { family, status: "failed" });
    figures.filter_status_ms.push(byStatus.total);
    figures.filter_status_api_ms.push(byStatus.api);

    await page.goto(`${baseUrl}/tasks/${graphRoot}/graph?direction=upstream&depth=0&max_nodes=${GRAPH_NODES}`);
    // First view: the graph is laid out and the root's surroundings are drawn.
    const drawnAt = await page.evaluate(async (rootId) => {
      const deadline = performance.now() + 60_000;
      await new Promise((resolve, reject) => {
        const tick = () => {
          if (performance.now() > deadline) reject(new Error("the graph's root was never drawn"));
          else if (document.querySelector(`.react-flow__node[data-id="${rootId}"]:not([style*="hidden"])`))
            requestAnimationFrame(() => resolve());
          else requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      });
      return performance.now();
    }, graphRoot);
    // Then "fit view": all 1,000 nodes on screen and drawn.
    const fitAllMs = await page.evaluate(async (expected) => {
      const start = performance.now();
      document.querySelector(".react-flow__controls-fitview").click();
      const deadline = start + 60_000;
      await new Promise((resolve, reject) => {
        const tick = () => {
          const shown = [...document.querySelectorAll(".react-flow__node")].filter(
            (node) => node.style.visibility !== "hidden",
          ).length;
          if (shown >= expected) requestAnimationFrame(() => resolve());
          else if (performance.now() > deadline) reject(new Error(`fit view drew only ${shown} nodes`));
          else requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      });
      return performance.now() - start;
    }, GRAPH_NODES);
    figures.graph_fit_all_ms.push(fitAllMs);
    figures.graph_1000_ms.push(drawnAt);
    const layout = await page.evaluate(() =>
      performance.getEntriesByName("stardag:graph-layout").map((entry) => [entry.duration, entry.detail]),
    );
    const full = layout.filter(([, nodes]) => nodes === GRAPH_NODES);
    figures.graph_layout_ms.push(full.length ? full[0][0] : NaN);
    const graphRequest = await page.evaluate(() => {
      const entry = performance.getEntriesByType("resource").find((e) => e.name.includes("/graph?"));
      return entry ? [entry.responseEnd - entry.startTime, entry.responseEnd] : [NaN, NaN];
    });
    figures.graph_api_ms.push(graphRequest[0]);
    figures.graph_after_data_ms.push(drawnAt - graphRequest[1]);
    graphNodes = await page.locator('[data-testid="graph-node"]').count();
    console.error(
      `run ${run + 1}: list ${figures.list_interactive_ms.at(-1).toFixed(0)} ms, family filter ` +
        `${figures.filter_family_ms.at(-1).toFixed(0)} ms, status filter ${figures.filter_status_ms.at(-1).toFixed(0)} ms, ` +
        `graph ${drawnAt.toFixed(0)} ms (${graphNodes} nodes; /graph request ${graphRequest[0].toFixed(0)} ms;` +
        ` fit all ${fitAllMs.toFixed(0)} ms)`,
    );
    await context.close();
  }
} finally {
  await browser.close();
}
const summary = Object.fromEntries(
  Object.entries(figures).map(([name, values]) => [name, { median: median(values), all: values }]),
);
console.log(JSON.stringify({ ...summary, graph_nodes: graphNodes }));
