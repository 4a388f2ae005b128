/** Launch Debian's Chromium through playwright-core (never a downloaded browser). */
import { join } from "node:path";

import { chromium } from "playwright-core";

export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
  "--disable-quic",
  "--disable-sync",
];

export function chromiumPath() {
  return process.env.STARDAG_CHROMIUM ?? "/usr/bin/chromium";
}

export async function launchBrowser() {
  return chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS, headless: true });
}

/** `--name value` pairs from argv as an object. */
export function parseArgs(argv) {
  const args = {};
  for (let i = 0; i < argv.length; i += 1) {
    if (argv[i].startsWith("--")) {
      const name = argv[i].slice(2);
      const next = argv[i + 1];
      if (next === undefined || next.startsWith("--")) args[name] = true;
      else {
        args[name] = next;
        i += 1;
      }
    }
  }
  return args;
}

export function expect(condition, message) {
  if (!condition) throw new Error(message);
}

/**
 * Run `checks` ([name, async (page) => ...] pairs), each in a fresh browser context, as
 * TAP-like lines; a failed check leaves a full-page screenshot in `screenshotDir` and so
 * does an uncaught page error. Exits the process: 0 when all passed, else 1.
 */
export async function runChecks(checks, { label, screenshotDir }) {
  const browser = await launchBrowser();
  let passed = 0;
  let failed = 0;
  try {
    for (const [name, check] of checks) {
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
      const page = await context.newPage();
      const pageErrors = [];
      page.on("pageerror", (error) => pageErrors.push(error.message));
      page.setDefaultTimeout(10_000);
      try {
        await check(page);
        expect(pageErrors.length === 0, `uncaught page errors: ${pageErrors.join("; ")}`);
        passed += 1;
        console.log(`ok - ${name}`);
      } catch (error) {
        failed += 1;
        console.log(`not ok - ${name}: ${error instanceof Error ? error.message : error}`);
        const slug = name.replace(/[^a-z0-9]+/gi, "-").slice(0, 60);
        await page.screenshot({ path: join(screenshotDir, `FAILED-${slug}.png`), fullPage: true }).catch(() => {});
      } finally {
        await context.close();
      }
    }
  } finally {
    await browser.close();
  }
  console.log(`${label}: ${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}
