/**
 * The build page part of bench-ui.mjs: a fresh visit to a big build's page, timed until
 * its timeline is drawn, until the main thread is idle (usable), and until every task
 * of the build is loaded (the page loads the first 500, then the rest).
 */
export async function measureBuildPage(page, baseUrl, buildId) {
  await page.addInitScript(() => window.localStorage.setItem("stardag.pollIntervalMs", "0"));
  await page.goto(`${baseUrl}/builds/${buildId}`);
  await page.getByTestId("timeline-bar").first().waitFor({ timeout: 60_000 });
  const drawn = await page.evaluate(
    () => performance.getEntriesByName("stardag:build-page-rendered")[0]?.startTime ?? NaN,
  );
  const interactive = await page.evaluate(
    () => new Promise((resolve) => requestIdleCallback(() => resolve(performance.now()), { timeout: 10_000 })),
  );
  await page.waitForSelector('[data-testid="build-loading-rest"]', { state: "detached", timeout: 60_000 });
  const complete = await page.evaluate(() => performance.now());
  const runs = Number(await page.getByTestId("timeline").getAttribute("data-bars"));
  return { drawn_ms: drawn, interactive_ms: interactive, complete_ms: complete, runs };
}
