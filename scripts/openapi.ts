// `npm run lint:openapi`: the OpenAPI document as a client meets it.
//   1. writes openApiDocument() to .openapi/openapi.json (git-ignored);
//   2. lints it with Redocly's recommended-strict rules (redocly.yaml): any finding fails;
//   3. generates TypeScript types from it with openapi-typescript (.openapi/schema.d.ts);
//   4. type-checks test/openapi-client/usage.ts against them, which holds calls
//      that must compile and a wrong one that must not (@ts-expect-error).
// Run with tsx --conditions=react-server (package.json), like the CLI.
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { openApiDocument } from "@/lib/openapi/document";

const ROOT = path.resolve(import.meta.dirname, "..");
const OUT = path.join(ROOT, ".openapi");
const DOC = path.join(OUT, "openapi.json");
const TYPES = path.join(OUT, "schema.d.ts");
const bin = (name: string) => path.join(ROOT, "node_modules", ".bin", name);
// Offline and quiet: no usage telemetry, no update check.
const env = { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true", NO_UPDATE_NOTIFIER: "1" };

function run(step: string, command: string, args: string[]): void {
  console.log(`lint:openapi: ${step}`);
  const res = spawnSync(command, args, { cwd: ROOT, env, stdio: "inherit" });
  if (res.status !== 0) {
    console.error(`lint:openapi: FAILED at ${step} (${res.error?.message ?? `exit ${res.status ?? res.signal}`})`);
    process.exit(res.status || 1);
  }
}

mkdirSync(OUT, { recursive: true });
writeFileSync(DOC, `${JSON.stringify(openApiDocument("http://localhost:3000"), null, 2)}\n`);
console.log(`lint:openapi: wrote ${path.relative(ROOT, DOC)}`);

run("redocly lint (recommended-strict rules, redocly.yaml)", bin("redocly"), ["lint", "--config", "redocly.yaml", path.relative(ROOT, DOC)]);
run("openapi-typescript", bin("openapi-typescript"), [path.relative(ROOT, DOC), "--output", path.relative(ROOT, TYPES)]);
run("tsc: the typed client compiles, and a wrong field does not", bin("tsc"), ["--project", "test/openapi-client/tsconfig.json"]);
console.log("lint:openapi: passed");
