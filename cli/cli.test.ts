import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { isolatePostgres } from "@/test/secrets";
import { makeInstance, makeUser, TEST_PASSWORD } from "@/test/factories";
import { call, freshIp, mint } from "@/test/api";
import { db, type DatabaseTarget } from "@/lib/db/client";
import { cliRunner, inspectCliDatabase } from "@/test/cli";
import { signInWithPassword } from "@/lib/auth/sign-in";
import { GET as selfRoute } from "@/app/api/v2/tokens/self/route";

// token:revoke and password:reset as an operator runs them: the CLI in a child
// process against the embedded database and, with TEST_DATABASE_URL, a
// PostgreSQL database of this file's own; the effect is checked in this
// process through the API route and the sign-in service.

await isolatePostgres("cli_ops");

const backends: { label: string; url?: string }[] = [{ label: "pglite" }];
if (process.env.TEST_DATABASE_URL) backends.push({ label: "postgres", url: process.env.TEST_DATABASE_URL });

describe.each(backends)("operator CLI [$label]", ({ label, url }) => {
  it("token:revoke makes the token answer 401 invalid_token on the next request", { timeout: 180_000 }, async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), `penaxtra-cli-revoke-${label}-`));
    const target: DatabaseTarget = url ? { url } : { pgliteDir: path.join(dataDir, "pglite") };
    const cli = cliRunner(dataDir, url);

    const seeded = await inspectCliDatabase(target, dataDir, async () => {
      const instance = await makeInstance("CLI revoke");
      const admin = await makeUser({ instanceId: instance.id, role: "admin" });
      const minter = { userId: admin.id, role: "admin" as const, isSuperadmin: false };
      const doomed = await mint(instance.id, minter, { name: "doomed" });
      const bystander = await mint(instance.id, minter, { name: "bystander" });
      expect((await call(selfRoute, { path: "/api/v2/tokens/self", token: doomed.token, ip: freshIp() })).status).toBe(200);
      return { instanceId: instance.id, doomed, bystander };
    });

    const revoked = cli(["token:revoke", "--short-id", seeded.doomed.view.short_id, "--json"]);
    expect(revoked.status, revoked.stderr).toBe(0);
    expect(revoked.json).toEqual({ short_id: seeded.doomed.view.short_id, revoked: true });
    // Unknown and malformed short ids are refused.
    expect(cli(["token:revoke", "--short-id", "00000000", "--json"]).json).toMatchObject({ error: "not_found" });
    const malformed = cli(["token:revoke", "--short-id", "ABCDEFGH", "--json"]);
    expect(malformed.status).toBe(1);
    expect(malformed.json).toMatchObject({ error: "validation_failed" });

    await inspectCliDatabase(target, dataDir, async () => {
      const res = await call(selfRoute, { path: "/api/v2/tokens/self", token: seeded.doomed.token, ip: freshIp() });
      expect(res.status).toBe(401);
      expect(((await res.json()) as { code: string }).code).toBe("invalid_token");
      // Only that token.
      expect((await call(selfRoute, { path: "/api/v2/tokens/self", token: seeded.bystander.token, ip: freshIp() })).status).toBe(200);
      const audit = await db().auditEvent.findMany({ where: { instanceId: seeded.instanceId, action: "token.revoke" } });
      expect(audit.map((e) => [e.actorLabel, e.target])).toEqual([["cli", seeded.doomed.view.short_id]]);
    });
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("password:reset reads the new password from stdin; the old one stops working", { timeout: 180_000 }, async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), `penaxtra-cli-reset-${label}-`));
    const target: DatabaseTarget = url ? { url } : { pgliteDir: path.join(dataDir, "pglite") };
    const cli = cliRunner(dataDir, url);
    const fresh = `new-passphrase-${label}-${Date.now()}`;

    const user = await inspectCliDatabase(target, dataDir, async () => {
      const instance = await makeInstance("CLI reset");
      const u = await makeUser({ instanceId: instance.id, role: "member" });
      await expect(signInWithPassword(u.email, TEST_PASSWORD, freshIp())).resolves.toMatchObject({ id: u.id });
      return u;
    });

    // A too-short password is refused and changes nothing.
    const short = cli(["password:reset", "--email", user.email, "--json"], "short\n");
    expect(short.status).toBe(1);
    expect(short.json).toMatchObject({ error: "validation_failed" });
    expect(cli(["password:reset", "--email", "nobody@example.test", "--json"], `${fresh}\n`).json).toMatchObject({ error: "not_found" });

    const reset = cli(["password:reset", "--email", user.email.toUpperCase(), "--json"], `${fresh}\n`);
    expect(reset.status, reset.stderr).toBe(0);
    expect(reset.json).toEqual({ id: user.id, email: user.email });
    expect(reset.stdout + reset.stderr).not.toContain(fresh);

    await inspectCliDatabase(target, dataDir, async () => {
      const old = await signInWithPassword(user.email, TEST_PASSWORD, freshIp()).catch((e: unknown) => e);
      expect(old).toMatchObject({ code: "unauthenticated" });
      // The trailing newline of stdin is not part of the password.
      expect(await signInWithPassword(user.email, fresh, freshIp())).toMatchObject({ id: user.id, email: user.email });
      await expect(signInWithPassword(user.email, `${fresh}\n`, freshIp())).rejects.toMatchObject({ code: "unauthenticated" });
      const audit = await db().auditEvent.findMany({ where: { action: "user.password_reset", target: user.email } });
      expect(audit).toHaveLength(1);
      expect(JSON.stringify(audit)).not.toContain(fresh);
    });
    rmSync(dataDir, { recursive: true, force: true });
  });
});
