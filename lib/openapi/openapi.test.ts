import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openApiDocument } from "./document";

const API_DIR = path.join(process.cwd(), "app", "api");
// next-auth's own endpoints and the 404 catch-all are not part of the public API.
const INTERNAL = [/^\/api\/auth\//, /^\/api\/\[\.\.\.path\]$/];

function routeFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return routeFiles(full);
    return name === "route.ts" ? [full] : [];
  });
}

function liveRoutes(): Record<string, string[]> {
  const routes: Record<string, string[]> = {};
  for (const file of routeFiles(API_DIR)) {
    const route = `/api/${path.relative(API_DIR, path.dirname(file)).split(path.sep).join("/")}`.replace(/\[([^\].]+)\]/g, "{$1}");
    if (INTERNAL.some((r) => r.test(route))) continue;
    const source = readFileSync(file, "utf8");
    routes[route] = ["GET", "POST", "PUT", "PATCH", "DELETE"].filter((m) => new RegExp(`export const ${m}\\b`).test(source)).map((m) => m.toLowerCase());
  }
  return routes;
}

describe("OpenAPI document", () => {
  it("lists exactly the live routes and their methods", () => {
    const doc = openApiDocument();
    const documented = Object.fromEntries(Object.entries(doc.paths ?? {}).map(([p, item]) => [p, Object.keys(item ?? {}).sort()]));
    const live = Object.fromEntries(Object.entries(liveRoutes()).map(([p, m]) => [p, m.sort()]));
    expect(documented).toEqual(live);
  });

  it("gives every operation an operationId, tags, and security ([] on public ones), and names its server", () => {
    const doc = openApiDocument("https://console.example");
    expect(doc.servers).toEqual([{ url: "https://console.example", description: "This Penaxtra server" }]);
    const ops = Object.values(doc.paths ?? {}).flatMap((item) => Object.values(item ?? {})) as { operationId?: string; security?: unknown[]; tags?: string[] }[];
    expect(ops.length).toBeGreaterThan(0);
    for (const op of ops) {
      expect(op.operationId).toMatch(/^[a-z][A-Za-z]+$/);
      expect(Array.isArray(op.security)).toBe(true);
      expect(op.tags?.length).toBe(1);
    }
    expect(new Set(ops.map((o) => o.operationId)).size).toBe(ops.length);
    expect(doc.paths?.["/api/health"]?.get?.security).toEqual([]);
    expect(doc.paths?.["/api/v2/audit"]?.get?.security).toEqual([{ bearer: [] }]);
  });

  it("is OpenAPI 3.1 with bearer security and problem+json errors", () => {
    const doc = openApiDocument();
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.components?.securitySchemes).toHaveProperty("bearer");
    const audit = doc.paths?.["/api/v2/audit"]?.get;
    expect(audit?.responses?.["401"]).toBeDefined();
    expect(JSON.stringify(audit)).toContain("audit:read");
    expect(JSON.stringify(doc)).toContain("application/problem+json");
  });

  it("describes a JSON value (request_template) as any JSON value, never a self-referencing component a generated client cannot type", () => {
    const doc = openApiDocument();
    expect(JSON.stringify(doc)).not.toMatch(/__schema\d/);
    const endpoint = doc.components?.schemas?.Endpoint as { properties: Record<string, unknown> };
    expect(endpoint.properties.request_template).toEqual({ anyOf: [{ description: "Any JSON value" }, { type: "null" }] });
  });

  it("describes every tag", () => {
    const doc = openApiDocument();
    for (const tag of doc.tags ?? []) expect(tag.description, tag.name).toBeTruthy();
  });
});
