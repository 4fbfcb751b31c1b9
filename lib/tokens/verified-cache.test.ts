import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { resetConfigForTests } from "@/lib/config";
import { changeRole, removeMember } from "@/lib/instances/members";
import { describeWithDatabase, spyOnDriverSql } from "@/test/db";
import { makeInstance, makeUser } from "@/test/factories";
import { mint } from "@/test/api";
import { authenticateBearer } from "./authenticate";
import { revokeToken } from "./service";
import { forgetVerifiedTokens, verifiedToken, type VerifiedRow } from "./verified-cache";

// The verified-token cache with its production setting (1 s): what it saves,
// and the freshness it promises. test/setup.ts turns it off for other suites.

const auth = (token: string, at: number) => authenticateBearer(`Bearer ${token}`, null, new Date(at));
const codeOf = (r: Awaited<ReturnType<typeof authenticateBearer>>) => (r.ok ? "ok" : r.error.code);

describeWithDatabase("verified-token cache", () => {
  let instanceId: string;
  let admin: { id: string };
  const asAdmin = () => ({ userId: admin.id, role: "admin" as const, isSuperadmin: false });

  beforeAll(async () => {
    process.env.PENAXTRA_AUTH_CACHE_MS = "1000";
    resetConfigForTests();
    instanceId = (await makeInstance()).id;
    admin = await makeUser({ instanceId, role: "admin" });
  });
  afterAll(() => {
    process.env.PENAXTRA_AUTH_CACHE_MS = "0";
    resetConfigForTests();
  });
  beforeEach(() => forgetVerifiedTokens());

  it("looks a token up once per second, not once per request", async () => {
    const { token } = await mint(instanceId, asAdmin());
    const spy = spyOnDriverSql();
    const lookups = () => spy.texts().filter((text) => text.includes("FROM api_tokens")).length;
    const t0 = Date.now();
    for (let i = 0; i < 20; i++) expect(codeOf(await auth(token, t0 + i * 10))).toBe("ok");
    expect(lookups()).toBe(1);
    expect(codeOf(await auth(token, t0 + 1_001))).toBe("ok");
    expect(lookups()).toBe(2);
    spy.restore();
  });

  it("answers requests that miss together with one load, and none started before a forget", async () => {
    const row = { id: "tok_shared" } as VerifiedRow;
    let calls = 0;
    const pending: (() => void)[] = [];
    const release = () => pending.splice(0).forEach((resolve) => resolve());
    const load = () => {
      calls += 1;
      return new Promise<VerifiedRow>((resolve) => pending.push(() => resolve(row)));
    };
    const together = [verifiedToken("hash-shared", load), verifiedToken("hash-shared", load), verifiedToken("hash-shared", load)];
    expect(calls).toBe(1);
    release();
    expect(await Promise.all(together)).toEqual([row, row, row]);

    const before = verifiedToken("hash-forgotten", load);
    forgetVerifiedTokens(); // a revocation while the first load runs: later requests load anew
    const after = verifiedToken("hash-forgotten", load);
    expect(calls).toBe(3);
    release();
    await Promise.all([before, after]);
  });

  it("sees a revocation made by another process within the bound, and one made here at once", async () => {
    const a = await mint(instanceId, asAdmin());
    const t0 = Date.now();
    expect(codeOf(await auth(a.token, t0))).toBe("ok");
    // Another replica (or the CLI) revokes: nothing here hears of it until the entry ages out.
    await db().apiToken.update({ where: { id: a.view.id }, data: { revokedAt: new Date(t0) } });
    expect(codeOf(await auth(a.token, t0 + 1_001))).toBe("invalid_token");

    const b = await mint(instanceId, asAdmin());
    expect(codeOf(await auth(b.token, t0))).toBe("ok");
    await revokeToken(instanceId, b.view.id, asAdmin());
    expect(codeOf(await auth(b.token, Date.now() + 1))).toBe("invalid_token");
  });

  it("still checks expiry on every request against the cached row", async () => {
    const { token, view } = await mint(instanceId, asAdmin(), { expires_in: "30s" });
    const expiresAt = new Date(view.expires_at).getTime();
    expect(codeOf(await auth(token, expiresAt - 500))).toBe("ok");
    expect(codeOf(await auth(token, expiresAt + 1))).toBe("expired_token");
  });

  it("applies a role change and a removal made in this process at once", async () => {
    const member = await makeUser({ instanceId, role: "admin" });
    const membership = await db().membership.findFirstOrThrow({ where: { userId: member.id, instanceId } });
    const { token } = await mint(instanceId, { userId: member.id, role: "admin", isSuperadmin: false }, { scopes: ["endpoints:read", "endpoints:write"] });
    const t0 = Date.now();
    const first = await auth(token, t0);
    expect(first.ok && first.principal.scopes).toEqual(["endpoints:read", "endpoints:write"]);

    await changeRole(instanceId, membership.id, "viewer", "owner");
    const narrowed = await auth(token, Date.now());
    expect(narrowed.ok && narrowed.principal.scopes).toEqual(["endpoints:read"]);

    await removeMember(instanceId, membership.id, "owner");
    expect(codeOf(await auth(token, Date.now()))).toBe("invalid_token");
  });

  it("never caches an unknown token, so one minted a moment later works", async () => {
    const { token } = await mint(instanceId, asAdmin());
    const hashOf = (await import("./format")).hashToken(token);
    // Simulate the unknown answer for this very hash, then the row appearing.
    expect(await verifiedToken(hashOf, async () => null)).toBeNull();
    expect(codeOf(await auth(token, Date.now()))).toBe("ok");
  });

  it("does not keep an answer loaded while a forget happened (it may predate the change)", async () => {
    const row = { id: "tok_x" } as VerifiedRow;
    let calls = 0;
    const load = async () => {
      calls += 1;
      if (calls === 1) forgetVerifiedTokens(); // a revocation committed while this load ran
      return row;
    };
    await verifiedToken("hash-in-flight", load);
    await verifiedToken("hash-in-flight", load);
    expect(calls).toBe(2);
  });

  // A change made while a load of the token is in flight holds for every request that starts after it.
  it("a revocation made while loads of the token are in flight holds for every later request", async () => {
    const { token, view } = await mint(instanceId, asAdmin());
    const inFlight = [auth(token, Date.now()), auth(token, Date.now()), auth(token, Date.now())]; // one shared load, started before the revocation
    await revokeToken(instanceId, view.id, asAdmin());
    expect(codeOf(await auth(token, Date.now()))).toBe("invalid_token");
    await Promise.all(inFlight); // whatever they answered, they were concurrent with the revocation
    expect(codeOf(await auth(token, Date.now()))).toBe("invalid_token"); // and their answer was not kept
  });

  it("a demotion and a removal made while a load is in flight hold for every later request", async () => {
    const member = await makeUser({ instanceId, role: "admin" });
    const membership = await db().membership.findFirstOrThrow({ where: { userId: member.id, instanceId } });
    const { token } = await mint(instanceId, { userId: member.id, role: "admin", isSuperadmin: false }, { scopes: ["endpoints:read", "endpoints:write"] });
    expect(codeOf(await auth(token, Date.now()))).toBe("ok");
    forgetVerifiedTokens();
    const before = auth(token, Date.now());
    await changeRole(instanceId, membership.id, "viewer", "owner");
    const after = await auth(token, Date.now());
    expect(after.ok && after.principal.scopes).toEqual(["endpoints:read"]);
    await before;
    const beforeRemoval = auth(token, Date.now());
    await removeMember(instanceId, membership.id, "owner");
    expect(codeOf(await auth(token, Date.now()))).toBe("invalid_token");
    await beforeRemoval;
    expect(codeOf(await auth(token, Date.now()))).toBe("invalid_token");
  });

  it("a failed load fails only the requests that shared it; the next request loads anew", async () => {
    const row = { id: "tok_after_failure" } as VerifiedRow;
    let calls = 0;
    let fail!: (e: Error) => void;
    const failing = () => {
      calls += 1;
      return new Promise<VerifiedRow | null>((_, reject) => (fail = reject));
    };
    const shared = [verifiedToken("hash-poison", failing), verifiedToken("hash-poison", failing)];
    fail(new Error("connection reset"));
    for (const p of shared) await expect(p).rejects.toThrow("connection reset");
    expect(calls).toBe(1);
    expect(await verifiedToken("hash-poison", async () => row)).toBe(row);
    expect(await verifiedToken("hash-poison", async () => null)).toBe(row); // now cached
  });
});
