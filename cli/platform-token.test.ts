import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { isolatePostgres } from "@/test/secrets";
import { makeInstance, makeUser } from "@/test/factories";
import { call, freshIp, testRoute } from "@/test/api";
import { db, type DatabaseTarget } from "@/lib/db/client";
import { cliRunner, inspectCliDatabase } from "@/test/cli";
import { withApi } from "@/lib/http/with-api";
import { json } from "@/lib/http/respond";
import { GET as selfRoute } from "@/app/api/v2/tokens/self/route";

// platform-token:create as an operator runs it: the CLI in a child process
// against the embedded database and, with TEST_DATABASE_URL, a PostgreSQL
// database of this file's own; the token is then tried in this process on a
// superadmin route and on a workspace route.

await isolatePostgres("cli_platform");

const superadminProbe = withApi(testRoute({ auth: "superadmin" }), async ({ principal, instanceId }) => json({ kind: principal.kind, id: principal.id, instance_id: instanceId }));

const backends: { label: string; url?: string }[] = [{ label: "pglite" }];
if (process.env.TEST_DATABASE_URL) backends.push({ label: "postgres", url: process.env.TEST_DATABASE_URL });

describe.each(backends)("platform-token:create [$label]", ({ label, url }) => {
  it("mints for a superadmin only, prints the cleartext once; the token passes superadmin routes and no workspace route", { timeout: 240_000 }, async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), `penaxtra-cli-platform-${label}-`));
    const target: DatabaseTarget = url ? { url } : { pgliteDir: path.join(dataDir, "pglite") };
    const cli = cliRunner(dataDir, url);

    const users = await inspectCliDatabase(target, dataDir, async () => {
      const instance = await makeInstance("CLI platform");
      return { boss: await makeUser({ isSuperadmin: true }), owner: await makeUser({ instanceId: instance.id, role: "owner" }) };
    });

    const minted = cli(["platform-token:create", "--email", users.boss.email.toUpperCase(), "--name", "terraform", "--expires-in", "30d", "--allow", "203.0.113.0/24", "--json"]);
    expect(minted.status, minted.stderr).toBe(0);
    expect(minted.json).toEqual({ token: expect.stringMatching(/^pnx_/), short_id: expect.stringMatching(/^[0-9a-f]{8}$/), expires_at: expect.any(String) });
    const { token, short_id: shortId, expires_at: expiresAt } = minted.json as { token: string; short_id: string; expires_at: string };
    expect(Date.parse(expiresAt) - Date.now()).toBeGreaterThan(29 * 86400_000);
    expect(Date.parse(expiresAt) - Date.now()).toBeLessThanOrEqual(30 * 86400_000);
    expect(minted.stderr).not.toContain(token);

    // Refused: a non-superadmin (forbidden), an unknown user, a lifetime past one year. Nothing is stored.
    const refused = [
      [["--email", users.owner.email, "--name", "sneaky"], "forbidden"],
      [["--email", "nobody@example.test", "--name", "ghost"], "not_found"],
      [["--email", users.boss.email, "--name", "forever", "--expires-in", "400d"], "validation_failed"],
    ] as const;
    for (const [args, code] of refused) {
      const run = cli(["platform-token:create", ...args, "--json"]);
      expect(run.status, run.stdout).toBe(1);
      expect(run.json).toMatchObject({ error: code });
    }

    await inspectCliDatabase(target, dataDir, async () => {
      const rows = await db().apiToken.findMany({ where: { instanceId: null, createdById: { in: [users.boss.id, users.owner.id] } } });
      expect(rows.map((r) => [r.name, r.shortId, r.scopes, r.allowedCidrs, r.createdById])).toEqual([["terraform", shortId, [], ["203.0.113.0/24"], users.boss.id]]);

      const accepted = await call(superadminProbe, { path: "/test", token, ip: "203.0.113.4" });
      expect(await accepted.json()).toEqual({ kind: "token", id: rows[0].id, instance_id: null });
      expect((await call(superadminProbe, { path: "/test", token, ip: freshIp() })).status).toBe(403);
      const workspace = await call(selfRoute, { path: "/api/v2/tokens/self", token, ip: "203.0.113.4" });
      expect(workspace.status).toBe(403);
      expect(((await workspace.json()) as { code: string }).code).toBe("platform_token_not_accepted");

      const audit = await db().auditEvent.findMany({ where: { action: "platform_token.create" } });
      expect(audit.map((e) => [e.instanceId, e.actorLabel, e.target])).toEqual([[null, "cli", `terraform (${shortId}) for ${users.boss.email}`]]);
      expect(JSON.stringify(audit)).not.toContain(token);
    });
    rmSync(dataDir, { recursive: true, force: true });
  });
});
