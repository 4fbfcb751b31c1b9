import { afterEach, beforeAll, expect, it } from "vitest";
import { describeWithDatabase } from "@/test/db";
import { makeInstance, makeUser } from "@/test/factories";
import { mint } from "@/test/api";
import { db } from "@/lib/db/client";
import { resetConfigForTests } from "@/lib/config";
import type { Role } from "@/lib/auth/roles";
import { revokeToken, rotateToken, type Minter } from "./service";

// A token's own rate limit: up to the instance default for anyone, above it
// only with tokens:raise_rate_limit (admins, owners, superadmins), never past
// PENAXTRA_RATE_LIMIT_MAX_PER_MINUTE. Only a live token can be rotated.

describeWithDatabase("token rate limits and rotation", () => {
  let instanceId: string;
  const minters = {} as Record<Role | "superadmin", Minter>;

  beforeAll(async () => {
    instanceId = (await makeInstance("Limits")).id;
    for (const role of ["viewer", "member", "admin", "owner"] as const) {
      minters[role] = { userId: (await makeUser({ instanceId, role })).id, role, isSuperadmin: false };
    }
    minters.superadmin = { userId: (await makeUser({ isSuperadmin: true })).id, role: "owner", isSuperadmin: true };
  });

  afterEach(() => {
    delete process.env.PENAXTRA_RATE_LIMIT_PER_MINUTE;
    delete process.env.PENAXTRA_RATE_LIMIT_MAX_PER_MINUTE;
    resetConfigForTests();
  });

  const mintWith = (who: Role | "superadmin", perMinute: number) =>
    mint(instanceId, minters[who], { scopes: ["endpoints:read"], rate_limit_per_minute: String(perMinute) });

  const pointer = { extras: { errors: [expect.objectContaining({ pointer: "/rate_limit_per_minute" })] } };

  it("refuses a viewer or member a limit above the default (forbidden, pointing at the field); up to it is fine", async () => {
    for (const who of ["viewer", "member"] as const) {
      await expect(mintWith(who, 601)).rejects.toMatchObject({ code: "forbidden", ...pointer });
      await expect(mintWith(who, 100_000)).rejects.toMatchObject({ code: "validation_failed", ...pointer });
      expect((await mintWith(who, 600)).view.rate_limit_per_minute).toBe(600);
    }
    expect(await db().apiToken.count({ where: { instanceId, rateLimitPerMinute: { gt: 600 }, createdById: { in: [minters.viewer.userId, minters.member.userId] } } })).toBe(0);
  });

  it("lets admins, owners and superadmins raise it up to PENAXTRA_RATE_LIMIT_MAX_PER_MINUTE, and nobody past it", async () => {
    for (const who of ["admin", "owner", "superadmin"] as const) {
      expect((await mintWith(who, 601)).view.rate_limit_per_minute).toBe(601);
      expect((await mintWith(who, 10_000)).view.rate_limit_per_minute).toBe(10_000);
      await expect(mintWith(who, 10_001)).rejects.toMatchObject({ code: "validation_failed", ...pointer });
    }
  });

  it("follows the configured default and ceiling", async () => {
    process.env.PENAXTRA_RATE_LIMIT_PER_MINUTE = "50";
    process.env.PENAXTRA_RATE_LIMIT_MAX_PER_MINUTE = "2000";
    resetConfigForTests();
    await expect(mintWith("viewer", 51)).rejects.toMatchObject({ code: "forbidden", ...pointer });
    expect((await mintWith("viewer", 50)).view.rate_limit_per_minute).toBe(50);
    expect((await mintWith("admin", 2000)).view.rate_limit_per_minute).toBe(2000);
    await expect(mintWith("admin", 2001)).rejects.toMatchObject({ code: "validation_failed", ...pointer });
  });

  it("refuses to rotate a raised limit for someone who may no longer set it", async () => {
    const user = await makeUser({ instanceId, role: "admin" });
    const { view } = await mint(instanceId, { userId: user.id, role: "admin", isSuperadmin: false }, { scopes: ["endpoints:read"], rate_limit_per_minute: "5000" });
    await db().membership.updateMany({ where: { userId: user.id, instanceId }, data: { role: "viewer" } });
    await expect(rotateToken(instanceId, view.id, { userId: user.id, role: "viewer", isSuperadmin: false })).rejects.toMatchObject({ code: "forbidden", ...pointer });
    expect(await db().apiToken.count({ where: { predecessorId: view.id } })).toBe(0);
  });

  it("refuses to rotate an expired or a revoked token (conflict); a live one rotates once", async () => {
    const admin = minters.admin;
    const expiring = await mint(instanceId, admin, { expires_in: "1h" });
    const later = new Date(Date.now() + 2 * 3600 * 1000);
    await expect(rotateToken(instanceId, expiring.view.id, admin, later)).rejects.toMatchObject({ code: "conflict" });
    await db().apiToken.update({ where: { id: expiring.view.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await expect(rotateToken(instanceId, expiring.view.id, admin)).rejects.toMatchObject({ code: "conflict", message: expect.stringContaining("expired") });

    const revoked = await mint(instanceId, admin);
    await revokeToken(instanceId, revoked.view.id, admin);
    await expect(rotateToken(instanceId, revoked.view.id, admin)).rejects.toMatchObject({ code: "conflict", message: expect.stringContaining("revoked") });

    expect(await db().apiToken.count({ where: { predecessorId: { in: [expiring.view.id, revoked.view.id] } } })).toBe(0);

    const live = await mint(instanceId, admin);
    const next = await rotateToken(instanceId, live.view.id, admin);
    expect(next.view.predecessor_short_id).toBe(live.view.short_id);
    // Already rotated: a 409 either way (conflict or already_exists).
    await expect(rotateToken(instanceId, live.view.id, admin)).rejects.toMatchObject({ code: expect.stringMatching(/^(conflict|already_exists)$/) });
  });
});
