import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { clientBoundaryViolations, cruiseTree, directives } from "../../scripts/check-client-boundary.mjs";

// The layering rules of `npm run lint` (.dependency-cruiser.cjs and
// scripts/check-client-boundary.mjs) on a fixture tree with one deliberate
// violation of each: every rule fires exactly where expected, and type-only
// imports, server components and server actions are not flagged.
const FIXTURE = path.join(import.meta.dirname, "fixture");

describe("layering rules on the fixture tree", () => {
  let tree: Awaited<ReturnType<typeof cruiseTree>>;
  beforeAll(async () => {
    tree = await cruiseTree({ baseDir: FIXTURE, paths: ["lib", "app", "components"], tsConfigFile: null });
  }, 60_000);

  const found = () =>
    tree.violations
      .map((v) => `${v.rule.name}: ${v.from} → ${v.to.replace(/^(\.\.\/)+/, "")}`)
      .sort();

  it("flags services importing lib/http, next/* or next-auth, lib/auth importing lib/http, and the runtime cycle", () => {
    expect(found()).toEqual([
      "auth-imports-request-layer: lib/auth/options.ts → lib/http/client-ip.ts",
      "next-auth-outside-lib-auth: lib/service/session.ts → node_modules/next-auth/index.d.ts",
      "no-circular: lib/cycle/a.ts → lib/cycle/b.ts",
      "service-imports-request-layer: lib/auth/options.ts → lib/http/client-ip.ts",
      "service-imports-request-layer: lib/service/service.ts → lib/http/client-ip.ts",
      "service-imports-request-layer: lib/service/service.ts → node_modules/next/headers.js",
    ]);
  });

  it("does not count type-only imports: no layering violation, no cycle", () => {
    const flagged = tree.violations.map((v) => v.from);
    expect(flagged).not.toContain("lib/service/typed.ts");
    expect(flagged).not.toContain("lib/cycle/c.ts");
    expect(flagged).not.toContain("lib/cycle/d.ts");
    // next-auth is allowed in lib/auth (options.ts imports its types and lib/http).
    expect(found().filter((f) => f.includes("next-auth"))).toEqual([
      "next-auth-outside-lib-auth: lib/service/session.ts → node_modules/next-auth/index.d.ts",
    ]);
  });

  it("flags client components that reach a server-only module, directly or transitively", () => {
    expect(clientBoundaryViolations(tree)).toEqual([
      { client: "components/indirect.tsx", chain: ["components/indirect.tsx", "lib/shared/format.ts", "lib/server/secret.ts"] },
      { client: "components/leaky.tsx", chain: ["components/leaky.tsx", "lib/server/secret.ts"] },
    ]);
  });

  it("lets a client component import server-only types and server actions", () => {
    const clients = clientBoundaryViolations(tree).map((v) => v.client);
    expect(clients).not.toContain("components/typed.tsx");
    expect(clients).not.toContain("components/not-client.tsx");
    expect(clients).not.toContain("app/page.tsx");
  });
});

describe("directives", () => {
  it("reads the directive prologue only", () => {
    expect(directives('"use client";\nimport x from "y";')).toEqual(["use client"]);
    expect(directives("/* licence */\n// note\n'use client'\nexport {}")).toEqual(["use client"]);
    expect(directives('"use strict";\n"use server";\n')).toEqual(["use strict", "use server"]);
    expect(directives('import x from "y";\n"use client";')).toEqual([]);
    expect(directives('const a = "use client";')).toEqual([]);
    expect(directives('"use client" + x;')).toEqual([]);
  });
});
