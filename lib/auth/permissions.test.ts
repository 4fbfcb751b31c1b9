import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ROLES } from "./roles";
import { can, DOMAINS, lowestRoleWith, PERMISSION_TABLE, PERMISSIONS } from "./permissions";
import { SCOPES, scopesAllowed } from "@/lib/tokens/scopes";

/** The table as docs/architecture.md shows it: one row per domain, one column per role. */
function permissionTableMarkdown(): string {
  const roles = [...ROLES].reverse();
  const rows = DOMAINS.map((d) => `| ${d} | ${roles.map((r) => (PERMISSION_TABLE[r][d] as readonly string[]).join(", ") || "—").join(" | ")} |`);
  return [`| domain | ${roles.join(" | ")} |`, `|---|${roles.map(() => "---").join("|")}|`, ...rows].join("\n");
}

describe("the permission table", () => {
  it("is what docs/architecture.md shows", () => {
    expect(readFileSync("docs/architecture.md", "utf8")).toContain(permissionTableMarkdown());
  });

  it("only grows with the role: each role can do everything the role below it can", () => {
    const ladder = [...ROLES].reverse();
    for (let i = 1; i < ladder.length; i++) {
      for (const p of PERMISSIONS) if (can(ladder[i - 1], p)) expect(can(ladder[i], p), `${ladder[i]} ${p}`).toBe(true);
    }
  });

  it("names every scope of seed 003 as a permission, so scopes derive from it", () => {
    for (const scope of SCOPES) expect(PERMISSIONS).toContain(scope);
    expect(scopesAllowed("viewer", false)).toEqual(["endpoints:read", "scans:read", "findings:read", "reports:read"]);
    expect(scopesAllowed("member", false)).not.toContain("audit:read");
    expect(scopesAllowed("admin", false)).toEqual(SCOPES);
    expect(scopesAllowed(null, false)).toEqual([]);
    expect(scopesAllowed("viewer", true)).toEqual(SCOPES);
  });

  it("answers who may do what", () => {
    expect(can("viewer", "tokens:mint")).toBe(true);
    expect(can("member", "secrets:manage")).toBe(false);
    expect(can("admin", "members:manage_owners")).toBe(false);
    expect(can(null, "endpoints:read")).toBe(false);
    expect(lowestRoleWith("audit:read")).toBe("admin");
    expect(lowestRoleWith("secrets:create")).toBe("member");
  });
});
