import { createHash } from "node:crypto";
import { beforeAll, expect, it } from "vitest";
import { describeWithDatabase } from "@/test/db";
import { makeInstance, makeUser, TEST_PASSWORD } from "@/test/factories";
import type { UserActor } from "@/lib/auth/actor";
import { db } from "@/lib/db/client";
import { newId } from "@/lib/ids";
import { verifyPassword } from "@/lib/auth/password";
import {
  acceptInvitation,
  acceptWithNewAccount,
  createInvitation,
  declineInvitation,
  INVITATION_TTL_MS,
  invitationByLink,
  listInvitations,
  pendingInvitationsFor,
  revokeInvitation,
} from "./invitations";
import { addMemberDirectly } from "./members";
import { roleIn } from "./service";

// Members join only by invitation: the inviter learns nothing about the
// invitee's account, the link is a one-time secret stored hashed, a new user
// sets their own password through it, and an existing user must accept as
// themselves. An admin of one workspace can no longer take over (or even
// touch) an account that belongs to someone in another workspace.

const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");
const later = (ms: number) => new Date(Date.now() + ms);

/** Replaces values that differ by nature (ids, e-mails, times) so two answers compare by shape. */
function shapeOf(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(shapeOf);
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shapeOf(v)]));
  return typeof value;
}

describeWithDatabase("invitations", () => {
  let instanceId: string;
  let admin: UserActor;
  const newEmail = () => `${newId("usr").toLowerCase()}@invitee.example.test`;
  const hashOf = async (userId: string) => (await db().user.findUniqueOrThrow({ where: { id: userId }, omit: { passwordHash: false } })).passwordHash;
  const invite = (email: string, role: "viewer" | "member" | "admin" | "owner" = "member", opts: { instance?: string; by?: UserActor; now?: Date } = {}) =>
    createInvitation(opts.instance ?? instanceId, { email, role }, opts.by ?? admin, "owner", opts.now);

  beforeAll(async () => {
    instanceId = (await makeInstance("Inviting")).id;
    admin = await makeUser({ instanceId, role: "admin" });
  });

  it("answers the same whether the e-mail has an account or not, and grants nothing yet", async () => {
    const existing = await makeUser();
    const unknown = newEmail();
    const now = new Date();
    const a = await invite(existing.email, "member", { now });
    const b = await invite(unknown, "member", { now });
    expect(shapeOf(a)).toEqual(shapeOf(b));
    const strip = (r: typeof a) => ({ ...r, secret: r.secret.length, invitation: { ...r.invitation, id: r.invitation.id.slice(0, 4), email: undefined } });
    expect(strip(a)).toEqual(strip(b));
    expect(a.secret).toMatch(/^[0-9A-Za-z]{32}$/);
    expect(a.invitation).toMatchObject({ email: existing.email, role: "member", status: "pending", instance: { id: instanceId } });

    expect(await roleIn(existing, instanceId)).toBeNull();
    expect(await db().user.count({ where: { email: unknown } })).toBe(0);
  });

  it("stores only the SHA-256 of the link's secret", async () => {
    const { secret, invitation } = await invite(newEmail());
    const row = await db().invitation.findUniqueOrThrow({ where: { id: invitation.id } });
    expect(row.tokenHash).toBe(sha256(secret));
    expect(JSON.stringify(row)).not.toContain(secret);
    expect(await invitationByLink(secret)).toMatchObject({ id: invitation.id, status: "pending" });
    expect(await invitationByLink(secret.slice(0, -1) + (secret.endsWith("a") ? "b" : "a"))).toBeNull();
  });

  it("creates the account with the invitee's own password and the invited role; the link works once", async () => {
    const email = newEmail();
    const { secret } = await invite(email, "viewer");
    const joined = await acceptWithNewAccount(secret, { name: "New Person", password: "the-invitees-own-password" });
    expect(joined).toMatchObject({ email, instanceId });
    expect(await verifyPassword("the-invitees-own-password", await hashOf(joined.userId))).toBe(true);
    expect(await roleIn({ id: joined.userId, isSuperadmin: false }, instanceId)).toBe("viewer");
    expect((await db().user.findUniqueOrThrow({ where: { id: joined.userId } })).name).toBe("New Person");

    await expect(acceptWithNewAccount(secret, { password: "a-second-password-try" })).rejects.toMatchObject({ code: "conflict" });
    expect(await verifyPassword("the-invitees-own-password", await hashOf(joined.userId))).toBe(true);
  });

  it("refuses a new account for an e-mail that has one (already_exists): that password is untouched, the invitation still open to its owner", async () => {
    const existing = await makeUser();
    const before = await hashOf(existing.id);
    const { secret, invitation } = await invite(existing.email, "admin");
    await expect(acceptWithNewAccount(secret, { password: "an-attacker-chosen-password" })).rejects.toMatchObject({ code: "already_exists" });
    expect(await hashOf(existing.id)).toBe(before);
    expect(await verifyPassword(TEST_PASSWORD, before)).toBe(true);
    expect(await roleIn(existing, instanceId)).toBeNull();
    expect(await invitationByLink(secret)).toMatchObject({ id: invitation.id, status: "pending" });

    expect(await acceptInvitation(existing, { secret })).toMatchObject({ instanceId, role: "admin" });
    expect(await roleIn(existing, instanceId)).toBe("admin");
  });

  it("answers another user trying an invitation addressed to someone else not_found, by link or by id", async () => {
    const invitee = await makeUser();
    const stranger = await makeUser();
    const { secret, invitation } = await invite(invitee.email);
    await expect(acceptInvitation(stranger, { secret })).rejects.toMatchObject({ code: "not_found" });
    await expect(acceptInvitation(stranger, { id: invitation.id })).rejects.toMatchObject({ code: "not_found" });
    await expect(declineInvitation(stranger, invitation.id)).rejects.toMatchObject({ code: "not_found" });
    expect(await roleIn(stranger, instanceId)).toBeNull();
    expect(await pendingInvitationsFor(stranger)).toEqual([]);
    expect((await pendingInvitationsFor(invitee)).map((i) => i.id)).toEqual([invitation.id]);
  });

  it("is one-time for an existing user too: a second accept is a conflict", async () => {
    const invitee = await makeUser();
    const { secret, invitation } = await invite(invitee.email);
    await acceptInvitation(invitee, { id: invitation.id });
    await expect(acceptInvitation(invitee, { secret })).rejects.toMatchObject({ code: "conflict" });
    await expect(acceptInvitation(invitee, { id: invitation.id })).rejects.toMatchObject({ code: "conflict" });
  });

  it("lets exactly one of two concurrent accepts win (new account, and existing user in two tabs)", async () => {
    const { secret } = await invite(newEmail());
    const results = await Promise.allSettled([
      acceptWithNewAccount(secret, { password: "first-racing-password" }),
      acceptWithNewAccount(secret, { password: "second-racing-password" }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(results.find((r) => r.status === "rejected")).toMatchObject({ reason: { code: "conflict" } });

    const invitee = await makeUser();
    const second = await invite(invitee.email);
    const tabs = await Promise.allSettled([acceptInvitation(invitee, { secret: second.secret }), acceptInvitation(invitee, { id: second.invitation.id })]);
    expect(tabs.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(tabs.find((r) => r.status === "rejected")).toMatchObject({ reason: { code: "conflict" } });
    expect(await db().membership.count({ where: { userId: invitee.id, instanceId } })).toBe(1);
  });

  it("expires after 7 days (conflict)", async () => {
    const invitee = await makeUser();
    const { secret, invitation } = await invite(invitee.email);
    expect(new Date(invitation.expires_at).getTime() - new Date(invitation.created_at).getTime()).toBe(INVITATION_TTL_MS);
    const afterExpiry = later(INVITATION_TTL_MS + 60_000);
    await expect(acceptInvitation(invitee, { secret }, afterExpiry)).rejects.toMatchObject({ code: "conflict" });
    await expect(acceptWithNewAccount(secret, { password: "a-late-new-password" }, afterExpiry)).rejects.toMatchObject({ code: "conflict" });
    expect(await invitationByLink(secret, afterExpiry)).toMatchObject({ status: "expired" });
    expect(await pendingInvitationsFor(invitee, afterExpiry)).toEqual([]);
    expect(await roleIn(invitee, instanceId)).toBeNull();
  });

  it("cannot be used once revoked (conflict), nor revoked twice", async () => {
    const invitee = await makeUser();
    const { secret, invitation } = await invite(invitee.email);
    expect(await revokeInvitation(instanceId, invitation.id)).toMatchObject({ status: "revoked" });
    await expect(acceptInvitation(invitee, { secret })).rejects.toMatchObject({ code: "conflict" });
    await expect(acceptWithNewAccount(secret, { password: "a-new-account-password" })).rejects.toMatchObject({ code: "conflict" });
    await expect(revokeInvitation(instanceId, invitation.id)).rejects.toMatchObject({ code: "conflict" });
    const elsewhere = (await makeInstance("Elsewhere")).id;
    await expect(revokeInvitation(elsewhere, invitation.id)).rejects.toMatchObject({ code: "not_found" });
  });

  it("replaces a pending invitation when the same e-mail is invited again", async () => {
    const email = newEmail();
    const first = await invite(email, "viewer");
    const second = await invite(email.toUpperCase(), "member");
    await expect(acceptWithNewAccount(first.secret, { password: "via-the-first-link" })).rejects.toMatchObject({ code: "conflict" });
    const statuses = (await listInvitations(instanceId)).filter((i) => i.email === email).map((i) => [i.id, i.status, i.role]);
    expect(statuses).toEqual(expect.arrayContaining([[first.invitation.id, "revoked", "viewer"], [second.invitation.id, "pending", "member"]]));
    expect(statuses).toHaveLength(2);
    const joined = await acceptWithNewAccount(second.secret, { password: "via-the-second-link" });
    expect(await roleIn({ id: joined.userId, isSuperadmin: false }, instanceId)).toBe("member");
  });

  it("can be declined by its invitee: no membership, and no accepting afterwards", async () => {
    const invitee = await makeUser();
    const { secret, invitation } = await invite(invitee.email);
    expect(await declineInvitation(invitee, invitation.id)).toMatchObject({ instanceId });
    expect(await invitationByLink(secret)).toMatchObject({ status: "declined" });
    await expect(acceptInvitation(invitee, { secret })).rejects.toMatchObject({ code: "conflict" });
    await expect(declineInvitation(invitee, invitation.id)).rejects.toMatchObject({ code: "conflict" });
    expect(await roleIn(invitee, instanceId)).toBeNull();
  });

  it("refuses to invite a current member, or the owner role from a non-owner", async () => {
    const member = await makeUser({ instanceId, role: "member" });
    await expect(invite(member.email)).rejects.toMatchObject({ code: "already_exists" });
    await expect(createInvitation(instanceId, { email: newEmail(), role: "owner" }, admin, "admin")).rejects.toMatchObject({ code: "forbidden" });
    await expect(createInvitation("ins_00000000000000000000", { email: newEmail(), role: "viewer" }, admin, "owner")).rejects.toMatchObject({ code: "not_found" });
  });

  it("closes the cross-tenant takeover: admin B 'adding' A's member x grants nothing and changes nothing without x", async () => {
    // Workspace A: x is added (operator path) with password P.
    const a = (await makeInstance("Tenant A")).id;
    const b = (await makeInstance("Tenant B")).id;
    const adminB = await makeUser({ instanceId: b, role: "owner" });
    const email = newEmail();
    const added = await addMemberDirectly(a, { email, role: "member", password: "x-own-password-P" });
    const x: UserActor = { kind: "user", id: added.user.id, email, name: null, isSuperadmin: false };
    const passwordP = await hashOf(x.id);

    // Admin B "adds" x (as owner, even) and tries to set x's password through the link.
    const { secret, invitation } = await invite(email, "owner", { instance: b, by: adminB });
    expect(invitation.status).toBe("pending");
    expect(await roleIn(x, b)).toBeNull();
    await expect(acceptWithNewAccount(secret, { password: "password-chosen-by-B" })).rejects.toMatchObject({ code: "already_exists" });
    expect(await hashOf(x.id)).toBe(passwordP);
    expect(await verifyPassword("x-own-password-P", await hashOf(x.id))).toBe(true);
    expect(await roleIn(x, b)).toBeNull();
    expect(await roleIn(x, a)).toBe("member");

    // Only x, signed in as themselves, can take the invitation.
    expect(await acceptInvitation(x, { secret })).toMatchObject({ instanceId: b, role: "owner" });
    expect(await roleIn(x, b)).toBe("owner");
  });
});
