import { expect, it } from "vitest";
import { describeWithDatabase } from "@/test/db";
import { makeInstance, makeUser } from "@/test/factories";
import { db } from "@/lib/db/client";
import { addMember, changeRole, listMembers, removeMember } from "./members";
import { listInstancesFor, roleIn } from "./service";

describeWithDatabase("instances and members", () => {
  it("adds an existing user, or creates the account when new (password required)", async () => {
    const { id } = await makeInstance();
    const existing = await makeUser();
    await addMember(id, { email: existing.email, role: "viewer" }, "admin");
    await expect(addMember(id, { email: "new-person@example.test", role: "member" }, "admin")).rejects.toMatchObject({ code: "validation_failed" });
    await addMember(id, { email: `new-${id}@example.test`, role: "member", password: "long-enough-password" }, "admin");
    expect((await listMembers(id)).map((m) => m.role).sort()).toEqual(["member", "viewer"]);
    await expect(addMember(id, { email: existing.email, role: "admin" }, "admin")).rejects.toMatchObject({ code: "already_exists" });
    await expect(addMember("ins_missing", { email: existing.email, role: "admin" }, "admin")).rejects.toMatchObject({ code: "not_found" });
  });

  it("lets only owners grant or touch the owner role, and keeps one owner", async () => {
    const { id } = await makeInstance();
    const owner = await makeUser({ instanceId: id, role: "owner" });
    const other = await makeUser();
    await expect(addMember(id, { email: other.email, role: "owner" }, "admin")).rejects.toMatchObject({ code: "forbidden" });
    const ownerMembership = (await listMembers(id)).find((m) => m.userId === owner.id)!;
    await expect(changeRole(id, ownerMembership.id, "viewer", "admin")).rejects.toMatchObject({ code: "forbidden" });
    await expect(changeRole(id, ownerMembership.id, "admin", "owner")).rejects.toMatchObject({ code: "last_owner" });
    await expect(removeMember(id, ownerMembership.id, "owner")).rejects.toMatchObject({ code: "last_owner" });
    const added = await addMember(id, { email: other.email, role: "owner" }, "owner");
    await changeRole(id, ownerMembership.id, "admin", "owner");
    await expect(removeMember(id, added.id, "owner")).rejects.toMatchObject({ code: "last_owner" });
    expect(await roleIn(owner, id)).toBe("admin");
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
