#!/usr/bin/env node
/**
 * Browser half of bench/bench_ui.py: times the task list, its filters and a big graph
 * (first view, fit view, pan/zoom frame rates) in headless Chromium against a seeded
 * server. Each run uses a fresh browser context (cold cache, like a first visit). Prints
 * progress to stderr and one JSON line of figures (milliseconds, medians and all runs)
 * to stdout.
 *
 *   node bench/bench-ui.mjs --base-url URL --graph-root TASK_ID --family NAME
 *        [--graph-nodes 1000] [--build-id ID] [--runs 5]
 */
import { launchBrowser, parseArgs } from "../e2e/browser.mjs";
import { measureBuildPage } from "./build-page.mjs";
import { measureGraph } from "./graph-frames.mjs";

const args = parseArgs(process.argv.slice(2));
const baseUrl = String(args["base-url"]).replace(/\/$/, "");
const runs = Number(args.runs ?? 5);
const family = String(args.family);
const graphRoot = String(args["graph-root"]);
const GRAPH_NODES = Number(args["graph-nodes"] ?? 1000);
const buildId = args["build-id"] ? String(args["build-id"]) : null;

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
  graph_first_view_ms: [],
  graph_fit_all_ms: [],
  graph_api_ms: [],
  graph_layout_ms: [],
  graph_after_data_ms: [],
  build_drawn_ms: [],
  build_interactive_ms: [],
  build_complete_ms: [],
};
let buildRuns = 0;
let graphInfo = {};
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

    const graph = await measureGraph(page, { baseUrl, graphRoot, nodes: GRAPH_NODES, frames: run === runs - 1 });
    for (const key of ["first_view_ms", "fit_all_ms", "api_ms", "layout_ms", "after_data_ms"]) {
      figures[`graph_${key}`].push(graph[key]);
    }
    graphInfo = { ...graphInfo, nodes: graph.nodes, renderer: graph.renderer, payloadKib: graph.payloadKib };
    if (graph.fps) graphInfo.fps = graph.fps;
    if (buildId) {
      // A fresh context: a first visit, nothing cached (as bench/bench_builds.py measures it).
      const buildContext = await browser.newContext({ viewport: { width: 1440, height: 900 } });
      const buildPage = await measureBuildPage(await buildContext.newPage(), baseUrl, buildId);
      await buildContext.close();
      figures.build_drawn_ms.push(buildPage.drawn_ms);
      figures.build_interactive_ms.push(buildPage.interactive_ms);
      figures.build_complete_ms.push(buildPage.complete_ms);
      buildRuns = buildPage.runs;
    }
    console.error(
      `run ${run + 1}: list ${figures.list_interactive_ms.at(-1).toFixed(0)} ms, family filter ` +
        `${figures.filter_family_ms.at(-1).toFixed(0)} ms, status filter ${figures.filter_status_ms.at(-1).toFixed(0)} ms, ` +
        `graph first view ${graph.first_view_ms.toFixed(0)} ms (${graph.nodes} nodes, ${graph.renderer}; /graph request ` +
        `${graph.api_ms.toFixed(0)} ms; fit all ${graph.fit_all_ms.toFixed(0)} ms)`,
    );
    await context.close();
  }
} finally {
  await browser.close();
}
const summary = Object.fromEntries(
  Object.entries(figures).filter(([, values]) => values.length > 0).map(([name, values]) => [name, { median: median(values), all: values }]),
);
console.log(
  JSON.stringify({
    ...summary,
    graph_nodes: graphInfo.nodes,
    graph_renderer: graphInfo.renderer,
    graph_payload_kib: graphInfo.payloadKib,
    build_runs: buildRuns,
    ...(graphInfo.fps ?? {}),
  }),
);
