// The client/server boundary of docs/architecture.md, which paths alone cannot
// express: a client component (a file whose directive prologue holds
// "use client") never imports, directly or through other modules, a module
// that contains `import "server-only"`.
//
// It reads dependency-cruiser's runtime graph (.dependency-cruiser.cjs:
// type-only imports are not in it, so they never count) and stops at server
// action modules ("use server"): a client component may import those, Next.js
// turns the import into a reference.
//
//   node scripts/check-client-boundary.mjs          checks the real tree (npm run lint)
//
// test/boundaries/boundaries.test.ts runs the same checks on a fixture tree.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { cruise } from "dependency-cruiser";
import extractTSConfig from "dependency-cruiser/config-utl/extract-ts-config";

const ROOT = path.resolve(import.meta.dirname, "..");
const require = createRequire(import.meta.url);
/** The rules and options `depcruise` uses (npm run lint). */
export const depcruiseConfig = require(path.join(ROOT, ".dependency-cruiser.cjs"));
/** What `npm run lint` cruises. */
export const LINT_PATHS = ["lib", "app", "components", "cli", "instrumentation.ts"];

/**
 * Cruises `paths` (relative to `baseDir`) with the project's rules and
 * options. Run it from the project root when tsConfigFile is given: the
 * tsconfig paths (`@/…`) resolve against the working directory. Returns the modules and the depcruise rule violations.
 */
export async function cruiseTree({ baseDir = ROOT, paths = LINT_PATHS, tsConfigFile = path.join(ROOT, "tsconfig.json") } = {}) {
  const { output } = await cruise(
    paths,
    {
      ...depcruiseConfig.options,
      tsConfig: tsConfigFile ? { fileName: tsConfigFile } : undefined,
      ruleSet: { forbidden: depcruiseConfig.forbidden },
      validate: true,
      baseDir,
    },
    {},
    { tsConfig: tsConfigFile ? extractTSConfig(tsConfigFile) : undefined },
  );
  if (typeof output === "string") throw new Error("dependency-cruiser returned a report, not a cruise result");
  return { baseDir, modules: output.modules, violations: output.summary.violations };
}

/** The directives at the top of a source file ("use client", "use server", …). */
export function directives(source) {
  const found = [];
  let rest = source.replace(/^\uFEFF/, "");
  for (;;) {
    rest = rest.replace(/^(?:\s+|\/\/[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/)*/, "");
    const m = /^(["'])([^"'\\\n]*)\1[ \t]*(?:;|\n|$|(?=\/[/*]))/.exec(rest);
    if (!m) return found;
    found.push(m[2]);
    rest = rest.slice(m[0].length);
  }
}

const isLocal = (dependency) =>
  !dependency.couldNotResolve &&
  !dependency.coreModule &&
  !/(^|\/)node_modules\//.test(dependency.resolved) &&
  !(dependency.dependencyTypes ?? []).includes("type-only");

/**
 * Client components that reach a server-only module, each with the shortest
 * import chain: [{ client, chain: [client, …, serverOnlyModule] }].
 */
export function clientBoundaryViolations({ baseDir, modules }) {
  const bySource = new Map(modules.map((m) => [m.source, m]));
  const prologue = new Map();
  const directivesOf = (source) => {
    if (!prologue.has(source)) {
      let list = [];
      try {
        list = directives(readFileSync(path.resolve(baseDir, source), "utf8"));
      } catch {
        // not a file of ours (core or npm module)
      }
      prologue.set(source, list);
    }
    return prologue.get(source);
  };
  const isServerOnly = (m) => m.dependencies.some((d) => d.module === "server-only");

  const violations = [];
  for (const client of modules) {
    if (client.coreModule || /(^|\/)node_modules\//.test(client.source)) continue;
    if (!directivesOf(client.source).includes("use client")) continue;
    // Breadth first: the shortest chain to each server-only module.
    const parent = new Map([[client.source, null]]);
    const queue = [client.source];
    while (queue.length > 0) {
      const current = bySource.get(queue.shift());
      if (!current) continue;
      if (isServerOnly(current)) {
        const chain = [];
        for (let s = current.source; s !== null; s = parent.get(s)) chain.unshift(s);
        violations.push({ client: client.source, chain });
        continue;
      }
      for (const dependency of current.dependencies) {
        if (!isLocal(dependency) || parent.has(dependency.resolved)) continue;
        parent.set(dependency.resolved, current.source);
        // A server action module is a reference on the client, not its code.
        if (directivesOf(dependency.resolved).includes("use server")) continue;
        queue.push(dependency.resolved);
      }
    }
  }
  return violations;
}

async function main() {
  // tsconfig paths (@/…) resolve against the working directory.
  process.chdir(ROOT);
  const tree = await cruiseTree();
  const violations = clientBoundaryViolations(tree);
  for (const v of violations) {
    console.error(`  error client-boundary: ${v.chain.join(" → ")} (imports "server-only")`);
  }
  if (violations.length > 0) {
    console.error(`\nx ${violations.length} client components reach server-only modules (type-only imports are fine: \`import type\`).`);
    process.exitCode = 1;
  } else {
    const ours = tree.modules.filter((m) => !m.coreModule && !m.couldNotResolve && !/(^|\/)node_modules\//.test(m.source));
    const clients = ours.filter((m) => directives(readFileSync(path.join(ROOT, m.source), "utf8")).includes("use client"));
    console.log(`✔ client boundary: none of ${clients.length} client components reaches a server-only module (${ours.length} modules)`);
  }
}

if (import.meta.filename === process.argv[1]) await main();
