#!/usr/bin/env node
/**
 * End-to-end checks of the UI in headless Chromium against a real server.
 *
 *   node e2e/run.mjs --base-url http://127.0.0.1:8420 --scenario scenario.json \
 *                    [--screenshots ../../artifacts/screenshots]
 *
 * The scenario (written by tests/e2e/test_ui_e2e.py after building a real DAG with
 * the SDK) says what the pages must show. Prints one line per check and a closing
 * "N passed, M failed"; exits 1 when any check failed.
 */
import { mkdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";

import { expect, parseArgs, runChecks } from "./browser.mjs";

const args = parseArgs(process.argv.slice(2));
if (!args["base-url"] || !args.scenario) {
  console.error("usage: node e2e/run.mjs --base-url URL --scenario FILE [--screenshots DIR]");
  process.exit(2);
}
const baseUrl = String(args["base-url"]).replace(/\/$/, "");
const scenario = JSON.parse(readFileSync(String(args.scenario), "utf8"));
const screenshotDir = resolve(String(args.screenshots ?? "../../artifacts/screenshots"));
mkdirSync(screenshotDir, { recursive: true });

async function rowCount(page) {
  return page.locator('[data-testid="task-row"]').count();
}

/** Wait until the task table shows exactly `n` rows (the list refetches after a filter). */
async function waitForRows(page, n, what) {
  try {
    await page.waitForFunction(
      (expected) => document.querySelectorAll('[data-testid="task-row"]').length === expected,
      n,
      { timeout: 10_000 },
    );
  } catch {
    throw new Error(`${what}: expected ${n} rows, saw ${await rowCount(page)}`);
  }
}

const checks = [
  [
    "overview shows every family with its counts",
    async (page) => {
      await page.goto(`${baseUrl}/`);
      const table = page.getByTestId("family-table");
      await table.waitFor();
      for (const [family, total] of Object.entries(scenario.families)) {
        const row = table.locator("tr", { has: page.getByRole("link", { name: family, exact: true }) });
        await row.waitFor({ timeout: 5000 });
        const text = await row.innerText();
        expect(text.trim().endsWith(String(total)), `family ${family}: row "${text}" does not end with ${total}`);
      }
      await page.getByTestId("recent-builds").waitFor();
      await page.screenshot({ path: join(screenshotDir, "home.png"), fullPage: true });
    },
  ],
  [
    "task list shows the tasks",
    async (page) => {
      await page.goto(`${baseUrl}/tasks`);
      await waitForRows(page, scenario.total, "unfiltered list");
      const statuses = await page.locator('[data-testid="task-row"] [data-status]').evaluateAll((els) =>
        els.map((el) => el.getAttribute("data-status")),
      );
      for (const status of ["completed", "failed", "upstream_failed"]) {
        expect(statuses.includes(status), `no ${status} task in the list (saw ${statuses.join(",")})`);
      }
      await page.screenshot({ path: join(screenshotDir, "tasks.png"), fullPage: true });
    },
  ],
  [
    "filtering by family and status narrows the list and survives a reload",
    async (page) => {
      const { family, family_count: familyCount, status, status_count: statusCount } = scenario.filter;
      await page.goto(`${baseUrl}/tasks`);
      await waitForRows(page, scenario.total, "before filtering");
      await page.getByLabel("Family", { exact: true }).selectOption(family);
      await waitForRows(page, familyCount, `family=${family}`);
      expect(new URL(page.url()).searchParams.get("family") === family, `URL lacks family: ${page.url()}`);
      await page.getByTestId(`status-toggle-${status}`).click();
      await waitForRows(page, statusCount, `family=${family}&status=${status}`);
      const url = new URL(page.url());
      expect(url.searchParams.getAll("status").includes(status), `URL lacks status: ${page.url()}`);
      await page.screenshot({ path: join(screenshotDir, "tasks-filtered.png"), fullPage: true });

      await page.reload();
      await waitForRows(page, statusCount, "after reload");
      expect(
        (await page.getByLabel("Family", { exact: true }).inputValue()) === family,
        "family select lost its value after reload",
      );
      expect(
        (await page.getByTestId(`status-toggle-${status}`).getAttribute("aria-pressed")) === "true",
        "status toggle lost its state after reload",
      );
      await page.goBack();
      await waitForRows(page, familyCount, "back to the family-only filter");
    },
  ],
  [
    "free-text search by id prefix finds the task",
    async (page) => {
      await page.goto(`${baseUrl}/tasks`);
      await waitForRows(page, scenario.total, "before search");
      // Nothing depends on the pending task, so its id prefix matches exactly one task
      // (a prefix of a dependency's id would also match its dependents' parameter values).
      const prefix = scenario.search_id.slice(0, 8);
      await page.getByLabel("Search tasks").fill(prefix);
      await waitForRows(page, 1, "search by id prefix");
      const row = page.locator(`[data-testid="task-row"][data-task-id="${scenario.search_id}"]`);
      expect((await row.count()) === 1, "the matching row is not the searched task");
      expect(new URL(page.url()).searchParams.get("q") === prefix, "URL lacks q");
    },
  ],
  [
    "a failed task's detail shows parameters, dependencies, traceback and logs",
    async (page) => {
      const failed = scenario.failed;
      await page.goto(`${baseUrl}/tasks/${failed.id}`);
      await page.getByTestId("task-family-title").waitFor();
      expect((await page.getByTestId("task-family-title").innerText()) === failed.family, "wrong family title");
      expect((await page.getByTestId("task-id").innerText()).includes(failed.id), "full id not shown");
      const params = await page.getByTestId("task-parameters").innerText();
      for (const [name, value] of Object.entries(failed.parameters)) {
        expect(params.includes(`${name}:`) && params.includes(String(value)), `parameter ${name}=${value} missing`);
      }
      const upstream = page.getByTestId("upstream-tasks").locator(`a[href="/tasks/${failed.upstream_id}"]`);
      await upstream.waitFor();
      const downstream = page.getByTestId("downstream-tasks").locator(`a[href="/tasks/${failed.downstream_id}"]`);
      await downstream.waitFor();
      expect(
        (await downstream.innerText()).toLowerCase().includes("upstream failed"),
        "downstream task not shown as upstream failed",
      );

      const traceback = page.getByTestId("run-traceback");
      await traceback.waitFor();
      const tracebackText = await traceback.innerText();
      expect(tracebackText.includes(failed.traceback_contains), `traceback lacks ${failed.traceback_contains}`);
      expect(tracebackText.includes("Traceback (most recent call last)"), "traceback is not the full traceback");

      const lines = page.getByTestId("log-line");
      await lines.first().waitFor();
      const allText = (await lines.allInnerTexts()).join("\n");
      expect(allText.includes(failed.log_contains), `logs lack "${failed.log_contains}"`);
      const before = await lines.count();
      await page.getByLabel("Minimum log level").selectOption("ERROR");
      await page.waitForFunction(
        (n) => document.querySelectorAll('[data-testid="log-line"]').length < n,
        before,
        { timeout: 5000 },
      );
      const errorOnly = await lines.allInnerTexts();
      expect(errorOnly.every((line) => /ERROR|CRITICAL/.test(line)), "level filter let lower levels through");
      await page.getByLabel("Minimum log level").selectOption("DEBUG");
      await page.getByLabel("Search logs").fill(failed.log_contains);
      await page.waitForFunction(
        (n) => {
          const shown = [...document.querySelectorAll('[data-testid="log-line"]')];
          return shown.length > 0 && shown.length < n;
        },
        before,
        { timeout: 5000 },
      );
      const matches = await lines.allInnerTexts();
      expect(matches.every((line) => line.includes(failed.log_contains)), "search kept non-matching lines");
      await page.getByLabel("Search logs").fill("");
      await page.screenshot({ path: join(screenshotDir, "task-detail.png"), fullPage: true });

      await upstream.click();
      await page.waitForURL(`**/tasks/${failed.upstream_id}`);
      await page.getByTestId("task-family-title").waitFor();
    },
  ],
  [
    "the graph renders every node and opens a task on click",
    async (page) => {
      const graph = scenario.graph;
      await page.goto(`${baseUrl}/tasks/${graph.root_id}/graph?direction=both&depth=0&max_nodes=500`);
      await page.getByTestId("graph-node").first().waitFor();
      await page.waitForFunction(
        (n) => document.querySelectorAll('[data-testid="graph-node"]').length === n,
        graph.node_count,
        { timeout: 10_000 },
      ).catch(() => undefined);
      const count = await page.getByTestId("graph-node").count();
      expect(count === graph.node_count, `expected ${graph.node_count} graph nodes, saw ${count}`);
      const failedNode = page.locator(`[data-testid="graph-node"][data-task-id="${graph.click_id}"]`);
      expect((await failedNode.getAttribute("data-status")) === graph.click_status, "node has the wrong status");
      await page.screenshot({ path: join(screenshotDir, "graph.png"), fullPage: true });
      await failedNode.click();
      await page.waitForURL(`**/tasks/${graph.click_id}`);
      await page.getByTestId("task-family-title").waitFor();
    },
  ],
  [
    "the graph opens on the whole DAG when it fits, nodes naming their parameters",
    async (page) => {
      const graph = scenario.graph;
      await page.goto(`${baseUrl}/tasks/${graph.root_id}/graph`);
      await page.getByTestId("graph-node").first().waitFor();
      await page.waitForFunction(
        (n) => document.querySelectorAll('[data-testid="graph-node"]').length === n,
        graph.node_count,
        { timeout: 10_000 },
      );
      const labels = await page.getByTestId("graph-node-params").allInnerTexts();
      expect(labels.some((text) => text.includes("by=0")), `no node shows by=0 (saw ${labels.join(" | ")})`);
    },
  ],
  [
    "the failed build shows what failed first, its traceback and what it blocked",
    async (page) => {
      const build = scenario.build;
      await page.goto(`${baseUrl}/`);
      const latest = page.getByTestId("latest-failure");
      await latest.waitFor();
      expect((await latest.innerText()).includes("divide"), "home does not name the failed task");
      await page.goto(`${baseUrl}/builds`);
      await page.locator(`[data-testid="build-row"][data-build-id="${build.id}"] a`).first().click();
      await page.waitForURL(`**/builds/${build.id}`);
      const failure = page.getByTestId("first-failure");
      await failure.waitFor();
      const text = await failure.innerText();
      expect(text.includes("divide") && text.includes("ZeroDivisionError"), `first failure lacks the error: ${text}`);
      const blocked = page.getByTestId("blocked-tasks").locator(`a[href="/tasks/${build.blocked_id}"]`);
      await blocked.waitFor();
      const notRun = page.locator(`[data-testid="not-run-task"][data-task-id="${build.blocked_id}"]`);
      expect((await notRun.locator('[data-testid="cause"]').innerText()).includes("divide"), "cause not named");
      await page.screenshot({ path: join(screenshotDir, "build-detail.png"), fullPage: true });
    },
  ],
  [
    "a graph larger than the node cap shows a notice instead of everything",
    async (page) => {
      const graph = scenario.graph;
      await page.goto(`${baseUrl}/tasks/${graph.root_id}/graph?direction=both&depth=0&max_nodes=3`);
      const notice = page.getByTestId("graph-truncated");
      await notice.waitFor();
      expect((await notice.innerText()).includes("larger than 3 nodes"), "notice does not name the cap");
      await page.getByTestId("graph-node").first().waitFor();
      const count = await page.getByTestId("graph-node").count();
      expect(count > 0 && count <= 3, `expected at most 3 nodes under the cap, saw ${count}`);
    },
  ],
  [
    "an unknown task shows a helpful not-found message",
    async (page) => {
      await page.goto(`${baseUrl}/tasks/00000000-0000-0000-0000-000000000000`);
      const error = page.getByTestId("error-state");
      await error.waitFor();
      expect((await error.innerText()).includes("Not found"), "no not-found message");
    },
  ],
];

await runChecks(checks, { label: "e2e", screenshotDir });
