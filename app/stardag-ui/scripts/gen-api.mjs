#!/usr/bin/env node
/**
 * Regenerate the typed API client from the service's OpenAPI schema.
 *
 *   npm run gen:api               dump openapi.json from stardag_api.main:app, then generate
 *   node scripts/gen-api.mjs --no-dump    generate from the committed openapi.json only
 *   node scripts/gen-api.mjs --stdout     print the generated module instead of writing it
 *
 * The drift test (tests/e2e/test_ui_openapi.py) uses `--no-dump --stdout` to check that
 * the committed src/api/schema.gen.ts is exactly what this script produces.
 */
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

import openapiTS, { astToString } from "openapi-typescript";

const uiRoot = join(dirname(fileURLToPath(import.meta.url)), "..");
const repoRoot = join(uiRoot, "..", "..");
const schemaPath = join(uiRoot, "openapi.json");
const outputPath = join(uiRoot, "src", "api", "schema.gen.ts");

// Same serialisation as the drift test: key order as FastAPI emits it, 2-space indent.
const DUMP_SCHEMA =
  "import json, sys; from stardag_api.main import app; " +
  "sys.stdout.write(json.dumps(app.openapi(), indent=2, ensure_ascii=False) + '\\n')";

const HEADER = `/**
 * generated — do not edit.
 * Produced by \`npm run gen:api\` (scripts/gen-api.mjs) from app/stardag-ui/openapi.json,
 * which is dumped from the service's \`stardag_api.main:app.openapi()\`.
 */

`;

/** Write openapi.json from the Python app (needs uv and the workspace environment). */
function dumpSchema() {
  const schema = execFileSync("uv", ["run", "--frozen", "python", "-c", DUMP_SCHEMA], {
    cwd: repoRoot,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  writeFileSync(schemaPath, schema);
}

/** The generated TypeScript module for the committed openapi.json. */
export async function generateClientTypes() {
  const schema = JSON.parse(readFileSync(schemaPath, "utf8"));
  const ast = await openapiTS(schema, { alphabetize: false, exportType: false });
  return HEADER + astToString(ast);
}

const args = new Set(process.argv.slice(2));
if (!args.has("--no-dump")) dumpSchema();
const source = await generateClientTypes();
if (args.has("--stdout")) {
  process.stdout.write(source);
} else {
  writeFileSync(outputPath, source);
  console.log(`wrote ${outputPath}`);
}
