import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { describeWithDatabase } from "@/test/db";
import { makeUser, TEST_PASSWORD } from "@/test/factories";
import { db } from "@/lib/db/client";
import { resetConfigForTests } from "@/lib/config";
import { verifyPassword } from "./password";
import { createSession, endSession, endSessionsOf, SESSION_MAX_AGE_SECONDS, sessionUser } from "./sessions";
import { changeOwnPassword, resetPassword } from "./users";

// Console sessions are rows: the signed cookie only names one. Sign-out, a
// password change (other sessions) and an operator's reset (all sessions)
// end them at once, whatever cookies are still out there.

const cookie = vi.hoisted(() => ({ sid: null as string | null }));
vi.mock("next-auth", () => ({ getServerSession: async () => (cookie.sid ? { sid: cookie.sid } : null) }));

const { currentUser } = await import("./session");
const { authOptions } = await import("./options");

const sessionsOf = (userId: string) => db().session.findMany({ where: { userId }, select: { id: true } }).then((r) => r.map((s) => s.id).sort());

describeWithDatabase("server-side sessions", () => {
  beforeAll(() => {
    process.env.NEXTAUTH_SECRET = "sessions-test-secret-0123456789abcdefghijklmnop";
    resetConfigForTests();
  });
  afterAll(() => {
    delete process.env.NEXTAUTH_SECRET;
    resetConfigForTests();
  });

  it("creates a session row that names its user; an ended, expired or unknown one names nobody", async () => {
    const user = await makeUser({ isSuperadmin: true });
    const now = new Date();
    const sid = await createSession(user.id, now);
    expect(sid).toMatch(/^ses_/);
    expect(await sessionUser(sid)).toEqual({ kind: "user", id: user.id, email: user.email, name: null, isSuperadmin: true });
    const row = await db().session.findUniqueOrThrow({ where: { id: sid } });
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBe(SESSION_MAX_AGE_SECONDS * 1000);
    expect(await sessionUser(sid, row.expiresAt)).toBeNull();
    expect(await sessionUser("ses_00000000000000000000")).toBeNull();

    // A changed flag counts at once: the row is read with the user on every request.
    await db().user.update({ where: { id: user.id }, data: { isSuperadmin: false } });
    expect((await sessionUser(sid))?.isSuperadmin).toBe(false);

    await endSession(sid);
    expect(await sessionUser(sid)).toBeNull();
    await endSession(sid); // ending twice is harmless

    const old = await createSession(user.id, new Date(Date.now() - (SESSION_MAX_AGE_SECONDS + 1) * 1000));
    expect(await sessionUser(old)).toBeNull();
  });

  it("ends a deleted user's sessions with the user", async () => {
    const user = await makeUser();
    const sid = await createSession(user.id);
    await db().user.delete({ where: { id: user.id } });
    expect(await sessionUser(sid)).toBeNull();
  });

  it("endSessionsOf ends every session of the user but the one to keep, and nobody else's", async () => {
    const user = await makeUser();
    const other = await makeUser();
    const [a, b, c] = [await createSession(user.id), await createSession(user.id), await createSession(user.id)];
    const theirs = await createSession(other.id);
    expect(await endSessionsOf(user.id, b)).toBe(2);
    expect(await sessionsOf(user.id)).toEqual([b]);
    expect(await sessionUser(a)).toBeNull();
    expect(await sessionUser(c)).toBeNull();
    expect(await sessionUser(theirs)).not.toBeNull();
    expect(await endSessionsOf(user.id)).toBe(1);
    expect(await sessionsOf(user.id)).toEqual([]);
  });

  it("changeOwnPassword needs the current password, keeps this session and ends the others", async () => {
    const user = await makeUser();
    const [here, laptop, phone] = [await createSession(user.id), await createSession(user.id), await createSession(user.id)];
    await expect(changeOwnPassword(user.id, "not-my-password", "a-brand-new-password", here)).rejects.toMatchObject({
      code: "validation_failed",
      extras: { errors: [{ pointer: "/current_password" }] },
    });
    expect(await sessionsOf(user.id)).toEqual([here, laptop, phone].sort());
    const hashOf = async () => (await db().user.findUniqueOrThrow({ where: { id: user.id }, omit: { passwordHash: false } })).passwordHash;
    expect(await verifyPassword(TEST_PASSWORD, await hashOf())).toBe(true);

    expect(await changeOwnPassword(user.id, TEST_PASSWORD, "a-brand-new-password", here)).toEqual({ endedSessions: 2 });
    expect(await sessionsOf(user.id)).toEqual([here]);
    expect(await verifyPassword("a-brand-new-password", await hashOf())).toBe(true);
    expect(await verifyPassword(TEST_PASSWORD, await hashOf())).toBe(false);
  });

  it("resetPassword (the operator's) sets the password and ends every session", async () => {
    const user = await makeUser();
    await createSession(user.id);
    await createSession(user.id);
    await resetPassword(user.email.toUpperCase(), "an-operator-chosen-password");
    expect(await sessionsOf(user.id)).toEqual([]);
    const row = await db().user.findUniqueOrThrow({ where: { id: user.id }, omit: { passwordHash: false } });
    expect(await verifyPassword("an-operator-chosen-password", row.passwordHash)).toBe(true);
    await expect(resetPassword("nobody@example.test", "an-operator-chosen-password")).rejects.toMatchObject({ code: "not_found" });
  });

  it("signs in to a new row and out by deleting it: the old cookie stops working at once", async () => {
    const user = await makeUser();
    const options = authOptions();
    const token = (await options.callbacks!.jwt!({ token: {}, user: { id: user.id, email: user.email }, account: null } as never)) as { sid?: string };
    expect(token.sid).toMatch(/^ses_/);
    cookie.sid = token.sid!;
    expect(await currentUser()).toMatchObject({ kind: "user", id: user.id });
    // A later request re-signs the cookie without a user: the same row, no new one.
    expect(await options.callbacks!.jwt!({ token } as never)).toEqual(token);
    expect(await sessionsOf(user.id)).toEqual([token.sid]);

    await options.events!.signOut!({ token, session: {} } as never);
    expect(await currentUser()).toBeNull();
    expect(await sessionsOf(user.id)).toEqual([]);
    cookie.sid = null;
    expect(await currentUser()).toBeNull();
  });
});
