import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { basicsStepSchema, BASICS_DEFAULTS, BASICS_FIELDS, connectionStepSchema, CONNECTION_DEFAULTS } from "@/app/(console)/app/[instanceId]/endpoints/form/schemas";

// The endpoint wizard keeps zod out of its first load: its client modules
// import the zod-free form/values.ts (a literal copy of what the schemas
// define) and load form/schemas.ts only when they validate. Both halves are
// checked here.

describe("the wizard's zod-free form values", () => {
  it("BASICS_FIELDS lists exactly the basics step schema's fields", () => {
    expect([...BASICS_FIELDS].sort()).toEqual(Object.keys(basicsStepSchema.shape).sort());
  });

  it("the defaults have exactly each step's fields", () => {
    expect(Object.keys(BASICS_DEFAULTS).sort()).toEqual(Object.keys(basicsStepSchema.shape).sort());
    expect(Object.keys(CONNECTION_DEFAULTS).sort()).toEqual(Object.keys(connectionStepSchema.shape).sort());
  });
});

const ROOT = path.resolve(import.meta.dirname, "..");
const WIZARD = "app/(console)/app/[instanceId]/endpoints/new/endpoint-wizard.tsx";

/** A module's static runtime imports: TypeScript's own transpilation drops type-only ones; dynamic import() is not one. */
function runtimeImports(file: string): string[] {
  const source = readFileSync(path.join(ROOT, file), "utf8");
  const js = ts.transpileModule(source, { fileName: file, compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, jsx: ts.JsxEmit.Preserve } }).outputText;
  return ts
    .createSourceFile(file, js, ts.ScriptTarget.ES2022)
    .statements.flatMap((st) => ((ts.isImportDeclaration(st) || ts.isExportDeclaration(st)) && st.moduleSpecifier && ts.isStringLiteral(st.moduleSpecifier) ? [st.moduleSpecifier.text] : []));
}

function resolveLocal(from: string, spec: string): string | null {
  const base = spec.startsWith("@/") ? spec.slice(2) : spec.startsWith(".") ? path.join(path.dirname(from), spec) : null;
  if (base === null) return null;
  const found = ["", ".ts", ".tsx", "/index.ts", "/index.tsx"].map((ext) => base + ext).find((f) => /\.tsx?$/.test(f) && existsSync(path.join(ROOT, f)));
  if (!found) throw new Error(`${from}: cannot resolve ${spec}`);
  return found;
}

const isServerActions = (file: string) => /^\s*["']use server["']/.test(readFileSync(path.join(ROOT, file), "utf8"));

describe("the wizard's first-load modules", () => {
  it("never import zod at runtime", () => {
    // Walk the static runtime imports from the wizard, stopping at server action modules (the
    // client gets references to those). Each path to zod is reported as its import chain.
    const chains = new Map<string, string[]>([[WIZARD, [WIZARD]]]);
    const queue = [WIZARD];
    const toZod: string[] = [];
    for (let file = queue.shift(); file; file = queue.shift()) {
      for (const spec of runtimeImports(file)) {
        if (spec === "zod" || spec.startsWith("zod/")) toZod.push([...chains.get(file)!, spec].join(" → "));
        const dep = resolveLocal(file, spec);
        if (!dep || chains.has(dep) || isServerActions(dep)) continue;
        chains.set(dep, [...chains.get(file)!, dep]);
        queue.push(dep);
      }
    }
    expect(chains.has("app/(console)/app/[instanceId]/endpoints/form/values.ts")).toBe(true);
    expect(toZod).toEqual([]);
  });
});
