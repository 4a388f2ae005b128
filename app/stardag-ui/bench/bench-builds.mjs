#!/usr/bin/env node
/**
 * Browser half of bench/bench_builds.py. Prints progress to stderr and one JSON line to stdout.
 *
 *   node bench/bench-builds.mjs latency --base-url URL --gate FILE
 *       Waits for a running build, opens its page (polling off: only the event stream
 *       updates it), creates FILE (the build then runs its tasks), and records, per task,
 *       the wall-clock time (Date.now()) its timeline bar first shows "completed".
 *   node bench/bench-builds.mjs page --base-url URL --build-id ID [--runs 3]
 *       Loads a build page in fresh contexts: time until its timeline shows bars and the
 *       main thread is idle (interactive), and the time to draw rows after a scroll jump.
 */
import { writeFileSync } from "node:fs";

import { launchBrowser, parseArgs } from "../e2e/browser.mjs";

const mode = process.argv[2];
const args = parseArgs(process.argv.slice(3));
const baseUrl = String(args["base-url"]).replace(/\/$/, "");

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

async function runningBuild() {
  for (let attempt = 0; attempt < 600; attempt += 1) {
    const response = await fetch(`${baseUrl}/api/v1/builds?status=running&limit=1`);
    const { items } = await response.json();
    if (items.length) return items[0].build_id;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error("no running build appeared");
}

async function latency(browser) {
  const buildId = await runningBuild();
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await page.addInitScript(() => window.localStorage.setItem("stardag.pollIntervalMs", "0"));
  await page.goto(`${baseUrl}/builds/${buildId}`);
  await page.getByTestId("live-indicator").waitFor({ timeout: 30_000 });
  await page.evaluate(() => {
    window.__seen = {};
    const record = () => {
      for (const el of document.querySelectorAll('[data-testid="timeline-bar"][data-state="completed"]')) {
        const id = el.getAttribute("data-task-id");
        if (!(id in window.__seen)) window.__seen[id] = Date.now();
      }
    };
    new MutationObserver(record).observe(document.body, { subtree: true, childList: true, attributes: true });
  });
  writeFileSync(String(args.gate), "open");
  await page.waitForFunction(
    () => document.querySelector('[data-testid="build-detail"]')?.getAttribute("data-status") === "completed",
    null,
    { timeout: 300_000 },
  );
  const seen = await page.evaluate(() => window.__seen);
  await context.close();
  return { build_id: buildId, seen };
}

async function pageLoad(browser) {
  const runs = Number(args.runs ?? 3);
  const interactive = [];
  const drawn = [];
  const scroll = [];
  for (let run = 0; run < runs; run += 1) {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    await page.addInitScript(() => window.localStorage.setItem("stardag.pollIntervalMs", "0"));
    await page.goto(`${baseUrl}/builds/${args["build-id"]}`);
    await page.getByTestId("timeline-bar").first().waitFor({ timeout: 60_000 });
    const barsAt = await page.evaluate(() => performance.getEntriesByName("stardag:build-page-rendered")[0]?.startTime ?? -1);
    // Interactive: bars drawn and the main thread free to answer input (idle callback).
    const readyAt = await page.evaluate(
      () => new Promise((resolve) => requestIdleCallback(() => resolve(performance.now()), { timeout: 10_000 })),
    );
    interactive.push(readyAt);
    drawn.push(barsAt);
    const scrolled = await page.evaluate(async () => {
      const box = document.querySelector('[data-testid="timeline-scroll"]');
      const start = performance.now();
      box.scrollTop = box.scrollHeight / 2;
      box.dispatchEvent(new Event("scroll"));
      await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
      return performance.now() - start;
    });
    scroll.push(scrolled);
    const bars = await page.getByTestId("timeline").getAttribute("data-bars");
    console.error(`run ${run + 1}: build drawn ${barsAt.toFixed(0)} ms, interactive ${readyAt.toFixed(0)} ms, scroll ${scrolled.toFixed(0)} ms, ${bars} runs`);
    await context.close();
  }
  return {
    drawn_ms: median(drawn),
    interactive_ms: median(interactive),
    scroll_ms: median(scroll),
    runs: { drawn, interactive, scroll },
  };
}

const browser = await launchBrowser();
try {
  const result = mode === "latency" ? await latency(browser) : await pageLoad(browser);
  process.stdout.write(JSON.stringify(result) + "\n");
} finally {
  await browser.close();
}
