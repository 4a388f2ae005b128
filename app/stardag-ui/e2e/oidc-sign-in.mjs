#!/usr/bin/env node
/**
 * Sign in to the UI through the registry's OpenID Connect issuer, in headless Chromium.
 *
 *   node e2e/oidc-sign-in.mjs --base-url http://127.0.0.1:8420 --user reader \
 *        --family get_sum [--screenshots DIR]
 *
 * Opens the task list (the registry answers 401), clicks "Sign in with <issuer>", signs
 * in on the issuer's own pages (any password), consents, and comes back through
 * /auth/callback. Prints one JSON line: the rows of `--family` it then saw, whether
 * the live indicator came on (the event stream authenticated by its cookie), the
 * stream cookie's flags, and which storage holds the token.
 */
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";

import { launchBrowser, parseArgs } from "./browser.mjs";

const args = parseArgs(process.argv.slice(2));
const baseUrl = String(args["base-url"]).replace(/\/$/, "");
const user = String(args.user ?? "reader");
const screenshotDir = resolve(String(args.screenshots ?? "../../artifacts/screenshots"));
mkdirSync(screenshotDir, { recursive: true });

const browser = await launchBrowser();
try {
  const context = await browser.newContext();
  // Only loopback: the issuer's login page links a web font this machine must not fetch.
  await context.route("**/*", (route) => {
    const host = new URL(route.request().url()).hostname;
    return host === "127.0.0.1" || host === "localhost" ? route.continue() : route.abort();
  });
  const page = await context.newPage();
  await page.goto(`${baseUrl}/tasks?family=${encodeURIComponent(String(args.family))}`);
  await page.getByTestId("sign-in-oidc").first().click();

  await page.waitForSelector('input[name="login"]', { timeout: 15_000 });
  await page.fill('input[name="login"]', user);
  await page.fill('input[name="password"]', "any password");
  await page.click('button[type="submit"]');
  // The consent page (first sign-in of this user to this client).
  await page.waitForSelector('button:has-text("Continue")', { timeout: 15_000 });
  await page.click('button:has-text("Continue")');

  await page.waitForURL((url) => url.pathname === "/tasks", { timeout: 15_000 });
  await page.locator('[data-testid="task-row"]').first().waitFor({ timeout: 15_000 });
  const rows = await page.locator('[data-testid="task-row"]').count();
  let live = true;
  try {
    await page.getByTestId("live-indicator").waitFor({ timeout: 10_000 });
  } catch {
    live = false;
  }
  await page.screenshot({ path: join(screenshotDir, "oidc-signed-in.png"), fullPage: true });
  const cookies = await context.cookies(`${baseUrl}/api/v1/stream`);
  const streamCookie = cookies.find((cookie) => cookie.name === "stardag_stream") ?? null;
  const storage = await page.evaluate(() => ({
    sessionHasToken: Boolean(window.sessionStorage.getItem("stardag.apiKey")),
    localHasToken: Boolean(window.localStorage.getItem("stardag.apiKey")),
    pageSeesStreamCookie: document.cookie.includes("stardag_stream"),
  }));
  const url = new URL(page.url());
  console.log(
    JSON.stringify({
      rows,
      live,
      path: url.pathname + url.search,
      streamCookie: streamCookie && {
        path: streamCookie.path,
        httpOnly: streamCookie.httpOnly,
        sameSite: streamCookie.sameSite,
      },
      ...storage,
    }),
  );
} finally {
  await browser.close();
}
