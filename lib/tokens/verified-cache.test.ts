import { afterAll, beforeAll, beforeEach, expect, it, vi } from "vitest";
import { db } from "@/lib/db/client";
import { resetConfigForTests } from "@/lib/config";
import { changeRole, removeMember } from "@/lib/instances/members";
import { describeWithDatabase } from "@/test/db";
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
    const spy = vi.spyOn(db().apiToken, "findUnique");
    const t0 = Date.now();
    for (let i = 0; i < 20; i++) expect(codeOf(await auth(token, t0 + i * 10))).toBe("ok");
    expect(spy).toHaveBeenCalledTimes(1);
    expect(codeOf(await auth(token, t0 + 1_001))).toBe("ok");
    expect(spy).toHaveBeenCalledTimes(2);
    spy.mockRestore();
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
});
