// The layering of docs/architecture.md, checked by `npm run lint` (depcruise)
// and, for the client/server boundary that paths alone cannot express, by
// scripts/check-client-boundary.mjs. test/boundaries/ runs the same rules on a
// fixture tree with a deliberate violation of each.
//
// The graph is the runtime one: tsPreCompilationDeps is false, so TypeScript's
// own transpilation drops `import type` (and imports used only as types) before
// the dependencies are read. Type-only imports therefore never count, neither
// for cycles nor for the boundary, and a cycle found is one that exists at runtime.

/** @type {import("dependency-cruiser").IForbiddenRuleType[]} */
const forbidden = [
  {
    name: "service-imports-request-layer",
    comment:
      "lib/ (except lib/http) is the service layer the console, the API and the CLI share: it never imports lib/http, next or next/*, or app/ (next-auth only inside lib/auth). Tests beside the code are not part of the layer.",
    severity: "error",
    from: { path: "^lib/", pathNot: ["^lib/http/", "\\.test\\.tsx?$"] },
    to: { path: ["^lib/http/", "^app/", "(^|/)node_modules/next/"] },
  },
  {
    name: "next-auth-outside-lib-auth",
    comment: "Within lib/, only lib/auth may import next-auth.",
    severity: "error",
    from: { path: "^lib/", pathNot: ["^lib/auth/", "^lib/http/", "\\.test\\.tsx?$"] },
    to: { path: "(^|/)node_modules/next-auth/" },
  },
  {
    name: "auth-imports-request-layer",
    comment: "lib/auth never imports lib/http (lib/http depends on auth, not the reverse). Tests are not part of the layer.",
    severity: "error",
    from: { path: "^lib/auth/", pathNot: "\\.test\\.tsx?$" },
    to: { path: "^lib/http/" },
  },
  {
    name: "not-to-unresolvable",
    comment:
      "Every import resolves (an unresolved one would escape the rules above). The Prisma client (lib/db/generated, made by prisma generate) may be missing before npm install or npm run typecheck.",
    severity: "error",
    from: {},
    to: { couldNotResolve: true, pathNot: "(^|/)db/generated/|^\\./generated/" },
  },
  {
    name: "no-circular",
    comment: "No runtime import cycles (type-only imports are not in the graph).",
    severity: "error",
    from: {},
    to: { circular: true, dependencyTypesNot: ["type-only"], viaOnly: { dependencyTypesNot: ["type-only"] } },
  },
];

/** @type {import("dependency-cruiser").ICruiseOptions} */
const options = {
  doNotFollow: { path: "(^|/)node_modules/" },
  exclude: { path: ["^lib/db/generated/", "^test/boundaries/fixture/", "^\\.next/"] },
  tsPreCompilationDeps: false,
  tsConfig: { fileName: "tsconfig.json" },
  enhancedResolveOptions: {
    exportsFields: ["exports"],
    conditionNames: ["import", "require", "node", "default", "types"],
    extensions: [".ts", ".tsx", ".mts", ".cts", ".js", ".mjs", ".cjs", ".jsx", ".d.ts", ".json"],
    mainFields: ["module", "main", "types", "typings"],
  },
  moduleSystems: ["es6", "cjs"],
  skipAnalysisNotInRules: true,
  reporterOptions: { text: { highlightFocused: true } },
};

module.exports = { forbidden, options };
