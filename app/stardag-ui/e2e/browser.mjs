/** Launch Debian's Chromium through playwright-core (never a downloaded browser). */
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
