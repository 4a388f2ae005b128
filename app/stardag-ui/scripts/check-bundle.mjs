#!/usr/bin/env node
/**
 * Fail when the committed production bundle (service/stardag-api/src/stardag_api/static)
 * is not what the current sources build to: rebuild into a temp dir and compare every
 * file byte for byte. Fix a failure with `npm run build` and commit the static dir.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";

const uiRoot = join(dirname(fileURLToPath(import.meta.url)), "..");
const shippedDir = join(uiRoot, "..", "..", "service", "stardag-api", "src", "stardag_api", "static");

/** relative path → sha256 of every file under `root`. */
function digestTree(root) {
  const digests = new Map();
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else digests.set(relative(root, path), createHash("sha256").update(readFileSync(path)).digest("hex"));
    }
  };
  if (existsSync(root)) walk(root);
  return digests;
}

const freshDir = mkdtempSync(join(tmpdir(), "stardag-ui-bundle-"));
try {
  execFileSync(
    process.execPath,
    [join(uiRoot, "node_modules", "vite", "bin", "vite.js"), "build", "--outDir", freshDir, "--emptyOutDir", "--logLevel", "warn"],
    { cwd: uiRoot, stdio: "inherit" },
  );
  const fresh = digestTree(freshDir);
  const shipped = digestTree(shippedDir);
  const problems = [];
  for (const [path, digest] of fresh) {
    if (!shipped.has(path)) problems.push(`missing from the shipped bundle: ${path}`);
    else if (shipped.get(path) !== digest) problems.push(`differs: ${path}`);
  }
  for (const path of shipped.keys()) if (!fresh.has(path)) problems.push(`stale file in the shipped bundle: ${path}`);

  if (problems.length) {
    console.error(`The UI bundle in ${relative(process.cwd(), shippedDir)} is stale:`);
    for (const problem of problems) console.error(`  - ${problem}`);
    console.error("Rebuild it with `cd app/stardag-ui && npm run build` and commit the static directory.");
    process.exit(1);
  }
  console.log(`UI bundle is up to date (${fresh.size} files match a fresh build).`);
} finally {
  rmSync(freshDir, { recursive: true, force: true });
}
