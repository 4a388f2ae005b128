#!/usr/bin/env node
/**
 * The self-hosted API docs work under the server's CSP: loads BASE/docs in headless
 * Chromium, waits for Swagger UI's operations, and prints
 * {"operations": N, "errors": [...], "foreign_requests": [...]} (console errors such as
 * CSP violations, and any request that left the server's origin).
 *
 *   node e2e/docs-page.mjs --base-url http://127.0.0.1:8420
 */
import { launchBrowser, parseArgs } from "./browser.mjs";

const baseUrl = String(parseArgs(process.argv.slice(2))["base-url"]).replace(/\/$/, "");
const origin = new URL(baseUrl).origin;
const browser = await launchBrowser();
try {
  const page = await browser.newPage();
  const errors = [];
  const foreign = [];
  page.on("console", (message) => message.type() === "error" && errors.push(message.text()));
  page.on("pageerror", (error) => errors.push(String(error)));
  page.on("request", (request) => {
    const url = request.url();
    if (!url.startsWith("data:") && new URL(url).origin !== origin) foreign.push(url);
  });
  await page.goto(`${baseUrl}/docs`);
  await page.waitForSelector(".opblock", { timeout: 20_000 });
  const operations = await page.locator(".opblock").count();
  console.log(JSON.stringify({ operations, errors, foreign_requests: foreign }));
} finally {
  await browser.close();
}
