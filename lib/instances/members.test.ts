import { expect, it } from "vitest";
import { describeWithDatabase } from "@/test/db";
import { makeInstance, makeUser } from "@/test/factories";
import { mint } from "@/test/api";
import { db } from "@/lib/db/client";
import { authenticateBearer } from "@/lib/tokens/authenticate";
import { addMemberDirectly, changeRole, listMembers, removeMember } from "./members";
import { listInstancesFor, roleIn } from "./service";

describeWithDatabase("instances and members", () => {
  it("adds members headlessly (operator CLI): an existing account as is, a new one only with a password", async () => {
    const { id } = await makeInstance();
    const existing = await makeUser();
    await addMemberDirectly(id, { email: existing.email, role: "viewer" });
    await expect(addMemberDirectly(id, { email: `new-${id}@example.test`, role: "member" })).rejects.toMatchObject({ code: "validation_failed" });
    await addMemberDirectly(id, { email: `new-${id}@example.test`, role: "member", password: "long-enough-password" });
    expect((await listMembers(id)).map((m) => m.role).sort()).toEqual(["member", "viewer"]);
    await expect(addMemberDirectly(id, { email: existing.email, role: "admin" })).rejects.toMatchObject({ code: "already_exists", status: 409 });
    await expect(addMemberDirectly("ins_missing", { email: existing.email, role: "admin" })).rejects.toMatchObject({ code: "not_found" });
  });

  it("lets only owners grant or touch the owner role, and keeps one owner", async () => {
    const { id } = await makeInstance();
    const owner = await makeUser({ instanceId: id, role: "owner" });
    const other = await makeUser({ instanceId: id, role: "member" });
    const ownerMembership = (await listMembers(id)).find((m) => m.userId === owner.id)!;
    const otherMembership = (await listMembers(id)).find((m) => m.userId === other.id)!;
    await expect(changeRole(id, otherMembership.id, "owner", "admin")).rejects.toMatchObject({ code: "forbidden" });
    await expect(changeRole(id, ownerMembership.id, "viewer", "admin")).rejects.toMatchObject({ code: "forbidden" });
    await expect(changeRole(id, ownerMembership.id, "admin", "owner")).rejects.toMatchObject({ code: "last_owner" });
    await expect(removeMember(id, ownerMembership.id, "owner")).rejects.toMatchObject({ code: "last_owner" });
    await changeRole(id, otherMembership.id, "owner", "owner");
    await changeRole(id, ownerMembership.id, "admin", "owner");
    await expect(removeMember(id, otherMembership.id, "owner")).rejects.toMatchObject({ code: "last_owner" });
    expect(await roleIn(owner, id)).toBe("admin");
  });

  it("keeps one owner when two owners demote each other at the same moment", async () => {
    for (let round = 0; round < 5; round++) {
      const { id } = await makeInstance();
      const a = await makeUser({ instanceId: id, role: "owner" });
      const b = await makeUser({ instanceId: id, role: "owner" });
      const members = await listMembers(id);
      const ma = members.find((m) => m.userId === a.id)!;
      const mb = members.find((m) => m.userId === b.id)!;
      const results = await Promise.allSettled([changeRole(id, ma.id, "admin", "owner"), changeRole(id, mb.id, "admin", "owner")]);
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      expect(results.find((r) => r.status === "rejected")).toMatchObject({ reason: { code: "last_owner" } });
      expect(await db().membership.count({ where: { instanceId: id, role: "owner" } })).toBe(1);
    }
  });

  it("revokes a removed member's tokens of that instance for good: adding them back does not revive them", async () => {
    const { id } = await makeInstance();
    const other = await makeInstance();
    const user = await makeUser({ instanceId: id, role: "admin" });
    await addMemberDirectly(other.id, { email: user.email, role: "admin" });
    const here = await mint(id, { userId: user.id, role: "admin", isSuperadmin: false });
    const there = await mint(other.id, { userId: user.id, role: "admin", isSuperadmin: false });
    const membership = (await listMembers(id)).find((m) => m.userId === user.id)!;
    const removed = await removeMember(id, membership.id, "owner");
    expect(removed.tokensRevoked).toBe(1);
    await addMemberDirectly(id, { email: user.email, role: "admin" });
    expect(await authenticateBearer(`Bearer ${here.token}`, "127.0.0.1")).toMatchObject({ ok: false, error: { code: "invalid_token" } });
    expect(await authenticateBearer(`Bearer ${there.token}`, "127.0.0.1")).toMatchObject({ ok: true });
  });

  it("checks the superadmin flag before the membership role: a superadmin added as viewer is still an owner", async () => {
    const { id } = await makeInstance();
    const boss = await makeUser({ instanceId: id, role: "viewer", isSuperadmin: true });
    expect(await roleIn(boss, id)).toBe("owner");
    expect(await roleIn(boss, "not-an-instance-id")).toBeNull();
    expect(await roleIn(boss, 123 as unknown as string)).toBeNull();
  });

  it("keeps tenants apart: another instance's membership is not found, switcher lists only own instances", async () => {
    const a = await makeInstance("A");
    const b = await makeInstance("B");
    const user = await makeUser({ instanceId: a.id, role: "admin" });
    const inB = await makeUser({ instanceId: b.id, role: "member" });
    const foreign = (await listMembers(b.id)).find((m) => m.userId === inB.id)!;
    await expect(changeRole(a.id, foreign.id, "viewer", "owner")).rejects.toMatchObject({ code: "not_found" });
    await expect(removeMember(a.id, foreign.id, "owner")).rejects.toMatchObject({ code: "not_found" });
    expect(await roleIn(user, b.id)).toBeNull();
    expect((await listInstancesFor(user)).map((i) => i.id)).toEqual([a.id]);
    const boss = await makeUser({ isSuperadmin: true });
    expect(await roleIn(boss, b.id)).toBe("owner");
    expect((await listInstancesFor(boss)).map((i) => i.id)).toEqual(expect.arrayContaining([a.id, b.id]));
    expect(await db().membership.count({ where: { id: foreign.id } })).toBe(1);
  });
});
