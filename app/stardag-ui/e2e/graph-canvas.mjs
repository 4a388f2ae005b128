#!/usr/bin/env node
/**
 * The canvas graph view in headless Chromium against a real server holding a big DAG.
 *
 *   node e2e/graph-canvas.mjs --base-url URL --scenario scenario.json [--screenshots DIR]
 *
 * The scenario (from tests/e2e/test_ui_graph_canvas_e2e.py) names the DAG's root, its
 * size, and one failed and one completed task of it. A canvas has no DOM per node, so
 * the checks read its pixels (status colours), drive it with the real mouse and
 * keyboard, and ask the page's probe (window.__stardagGraph) where a task is drawn.
 */
import { mkdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";

import { expect, parseArgs, runChecks } from "./browser.mjs";

const args = parseArgs(process.argv.slice(2));
const baseUrl = String(args["base-url"]).replace(/\/$/, "");
const scenario = JSON.parse(readFileSync(String(args.scenario), "utf8"));
const screenshotDir = resolve(String(args.screenshots ?? "../../artifacts/screenshots"));
mkdirSync(screenshotDir, { recursive: true });

async function openGraph(page) {
  await page.goto(`${baseUrl}/tasks/${scenario.root_id}/graph?direction=upstream&depth=0&max_nodes=${scenario.nodes}`);
  await page.locator('[data-testid="graph-pane"][data-ready="true"]').waitFor({ timeout: 30_000 });
  await page.waitForFunction(() => window.__stardagGraph !== undefined);
}

const viewport = (page) => page.evaluate(() => window.__stardagGraph.viewport());

/** How many canvas pixels have exactly this colour (#rrggbb). */
const pixelsOf = (page, hex) =>
  page.evaluate((colour) => {
    const canvas = document.querySelector('[data-testid="graph-canvas-view"]');
    const data = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
    const [r, g, b] = [1, 3, 5].map((i) => parseInt(colour.slice(i, i + 2), 16));
    let count = 0;
    for (let i = 0; i < data.length; i += 4) if (data[i] === r && data[i + 1] === g && data[i + 2] === b) count += 1;
    return count;
  }, hex);

async function fitAll(page) {
  await page.getByRole("button", { name: "Fit view" }).click();
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
}

const checks = [
  [
    "a big graph opens on the canvas, every node laid out, coloured by status, with a legend",
    async (page) => {
      await openGraph(page);
      const pane = page.getByTestId("graph-pane");
      expect((await pane.getAttribute("data-renderer")) === "canvas", "not drawn on the canvas");
      expect(Number(await pane.getAttribute("data-nodes")) === scenario.nodes, `not ${scenario.nodes} nodes`);
      expect((await page.locator(".react-flow__node").count()) === 0, "React Flow drew DOM nodes");
      const summary = await page.getByTestId("graph-summary").innerText();
      expect(summary.startsWith(`${scenario.nodes} nodes`), `summary: ${summary}`);
      await fitAll(page);
      // Fitted, each node is a box of its status colour (failed red, completed green, pending grey).
      for (const [status, colour] of [["failed", "#ef4444"], ["completed", "#10b981"], ["pending", "#94a3b8"]]) {
        expect((await pixelsOf(page, colour)) > 20, `no ${status} nodes on the canvas`);
      }
      const legend = await page.getByTestId("graph-legend").innerText();
      for (const status of ["pending", "completed", "failed"]) expect(legend.includes(status), `legend: ${legend}`);
      await page.screenshot({ path: join(screenshotDir, "graph-canvas.png") });
    },
  ],
  [
    "drag pans, the wheel and the keyboard zoom",
    async (page) => {
      await openGraph(page);
      const box = await page.getByTestId("graph-canvas-view").boundingBox();
      const start = await viewport(page);
      // Right of the middle: clear of the controls (a drag over a node is still a drag).
      await page.mouse.move(box.x + box.width * 0.7, box.y + box.height / 2);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width * 0.7 + 200, box.y + box.height / 2 - 100, { steps: 8 });
      await page.mouse.up();
      const panned = await viewport(page);
      expect(Math.abs(panned.x - start.x - 200) < 1 && Math.abs(panned.y - start.y + 100) < 1, `pan: ${JSON.stringify([start, panned])}`);
      expect(page.url().includes("/graph"), "the drag navigated away");
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await page.mouse.wheel(0, 400);
      const zoomedOut = await viewport(page);
      expect(zoomedOut.zoom < panned.zoom / 1.5, `wheel zoom: ${panned.zoom} -> ${zoomedOut.zoom}`);
      await page.getByTestId("graph-canvas-view").focus();
      await page.keyboard.press("+");
      const zoomedIn = await viewport(page);
      expect(zoomedIn.zoom > zoomedOut.zoom, "the + key did not zoom in");
    },
  ],
  [
    "hovering a node names it, clicking it opens that task",
    async (page) => {
      await openGraph(page);
      await fitAll(page);
      const point = await page.evaluate((id) => window.__stardagGraph.clientPoint(id), scenario.failed_id);
      expect(point, "the failed task is not on screen after fit view");
      await page.mouse.move(point.x, point.y);
      await page.getByTestId("graph-tooltip").waitFor();
      const tip = await page.getByTestId("graph-tooltip").innerText();
      expect(tip.includes(scenario.failed_id) && tip.includes("failed"), `tooltip: ${tip}`);
      await page.mouse.click(point.x, point.y);
      await page.waitForURL(`**/tasks/${scenario.failed_id}`);
      await page.getByText(scenario.failed_family, { exact: false }).first().waitFor();
    },
  ],
];

await runChecks(checks, { label: "e2e graph canvas", screenshotDir });
