#!/usr/bin/env node
/**
 * Live build checks in headless Chromium against a real server with real builds.
 *
 *   node e2e/builds.mjs --base-url URL --scenario scenario.json [--screenshots DIR]
 *
 * The scenario (from tests/e2e/test_ui_builds_e2e.py) names: a finished parallel build,
 * a failed build, a running build held at a gate file (this script opens the gate), and
 * a running build whose builder process this script kills. Auto-refresh polling is
 * turned off in the browser, so every change a check waits for must come from the
 * server's event stream, on a page that is never reloaded.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

import { expect, parseArgs, runChecks } from "./browser.mjs";

const args = parseArgs(process.argv.slice(2));
const baseUrl = String(args["base-url"]).replace(/\/$/, "");
const scenario = JSON.parse(readFileSync(String(args.scenario), "utf8"));
const screenshotDir = resolve(String(args.screenshots ?? "../../artifacts/screenshots"));
mkdirSync(screenshotDir, { recursive: true });

/** Open a build page with polling off, and mark the document to prove it is never reloaded. */
async function openBuild(page, buildId) {
  await page.addInitScript(() => window.localStorage.setItem("stardag.pollIntervalMs", "0"));
  await page.goto(`${baseUrl}/builds/${buildId}`);
  await page.getByTestId("build-detail").waitFor();
  await page.getByTestId("live-indicator").waitFor();
  await page.evaluate(() => {
    window.__stardagSamePage = true;
  });
}

async function waitForBuildStatus(page, status, timeout) {
  await page.waitForFunction(
    (expected) => document.querySelector('[data-testid="build-detail"]')?.getAttribute("data-status") === expected,
    status,
    { timeout },
  );
  expect(await page.evaluate(() => window.__stardagSamePage === true), "the page was reloaded");
}

const checks = [
  [
    "a running build's page follows the stream to completed without reloading",
    async (page) => {
      const live = scenario.gated;
      await openBuild(page, live.build_id);
      expect((await page.getByTestId("build-detail").getAttribute("data-status")) === "running", "not running");
      const before = await page.locator('[data-testid="timeline-bar"][data-state="completed"]').count();
      writeFileSync(live.gate, "open");
      await waitForBuildStatus(page, "completed", 15_000);
      const after = await page.locator('[data-testid="timeline-bar"][data-state="completed"]').count();
      expect(after > before, `timeline did not gain completed runs (${before} -> ${after})`);
    },
  ],
  [
    "a killed builder's build turns failed after the heartbeat timeout, live",
    async (page) => {
      const killed = scenario.killed;
      await openBuild(page, killed.build_id);
      process.kill(killed.pid, "SIGKILL");
      await waitForBuildStatus(page, "failed", 40_000);
      await page.getByTestId("first-failure").waitFor({ timeout: 10_000 });
      const text = await page.getByTestId("first-failure").innerText();
      expect(text.includes("No heartbeat"), `failure does not say the process stopped: ${text}`);
      await page.screenshot({ path: join(screenshotDir, "build-killed.png"), fullPage: true });
    },
  ],
  [
    "the timeline of a parallel build shows overlapping bars",
    async (page) => {
      await page.goto(`${baseUrl}/builds/${scenario.parallel.build_id}`);
      await page.getByTestId("timeline-bar").first().waitFor();
      const bars = await page.getByTestId("timeline-bar").evaluateAll((els) =>
        els.map((el) => {
          const box = el.getBoundingClientRect();
          return { left: box.left, right: box.right };
        }),
      );
      expect(bars.length === 4, `expected 4 bars, saw ${bars.length}`);
      const overlapping = bars.some((a, i) => bars.some((b, j) => i !== j && a.left < b.right && b.left < a.right));
      expect(overlapping, `no two bars overlap on screen: ${JSON.stringify(bars)}`);
      await page.screenshot({ path: join(screenshotDir, "build-timeline.png"), fullPage: true });
    },
  ],
  [
    "the failed build shows its downstream task upstream_failed, naming the failed task",
    async (page) => {
      const failed = scenario.failed;
      await page.goto(`${baseUrl}/builds/${failed.build_id}`);
      const row = page.locator(`[data-testid="not-run-task"][data-task-id="${failed.blocked_id}"]`);
      await row.waitFor();
      const section = page.locator('[data-testid="not-run"] section[data-state="upstream_failed"]');
      expect((await section.count()) === 1, "no upstream_failed group");
      expect((await row.locator('[data-testid="cause"]').innerText()).includes("transform"), "cause not named");
      await page.goto(`${baseUrl}/tasks/${failed.blocked_id}`);
      await page.getByTestId("task-family-title").waitFor();
      const badge = page.locator('[data-status="upstream_failed"]').first();
      await badge.waitFor();
    },
  ],
  [
    "the Stats view charts runs per family with success rates and the most failing task",
    async (page) => {
      await page.goto(`${baseUrl}/stats`);
      const row = page.locator('[data-testid="family-stats-row"][data-family="transform"]');
      await row.waitFor();
      const rate = await row.getByTestId("success-rate").innerText();
      expect(rate.includes("%"), `no success rate for transform: ${rate}`);
      await page.locator('[data-testid="runs-per-day-chart"] svg .recharts-bar-rectangle').first().waitFor();
      await page.locator('[data-testid="duration-chart"] svg').first().waitFor();
      const failing = await page.getByTestId("failing-tasks").innerText();
      expect(failing.includes("transform"), `most failing tasks lack transform: ${failing}`);
      await page.screenshot({ path: join(screenshotDir, "stats.png"), fullPage: true });
    },
  ],
];

await runChecks(checks, { label: "e2e builds", screenshotDir });
