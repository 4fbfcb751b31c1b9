import { beforeAll, expect, it, vi } from "vitest";
import { describeWithDatabase } from "@/test/db";
import { makeInstance, makeUser } from "@/test/factories";
import type { UserActor } from "@/lib/auth/actor";
import { db } from "@/lib/db/client";
import { flushAudit } from "@/lib/audit/writer";

// The profile's handle form, through its server action with a real session
// user: a change, a taken handle (a field error), a malformed one, and the
// audit row.

const session = vi.hoisted(() => ({ user: null as UserActor | null }));
vi.mock("next/headers", () => ({ headers: async () => new Headers() }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));
vi.mock("@/lib/auth/session", () => ({ currentUser: async () => session.user, currentSessionId: async () => null }));

const { changeHandleAction } = await import("@/app/(console)/app/[instanceId]/account/actions");

describeWithDatabase("changing one's handle", () => {
  let me: UserActor;
  let other: UserActor;

  beforeAll(async () => {
    const instanceId = (await makeInstance("Handles")).id;
    me = await makeUser({ instanceId });
    other = await makeUser({ instanceId });
    session.user = me;
  });

  const handleOf = async (id: string) => (await db().user.findUniqueOrThrow({ where: { id }, select: { handle: true } })).handle;

  it("sets a new handle and audits old and new", async () => {
    const before = await handleOf(me.id);
    const wanted = `me-${me.id.slice(-6).toLowerCase()}`;
    expect(await changeHandleAction({ handle: wanted })).toEqual({ ok: true, data: { handle: wanted } });
    expect(await handleOf(me.id)).toBe(wanted);
    await flushAudit();
    const row = await db().auditEvent.findFirst({ where: { action: "user.handle_change", actorId: me.id }, orderBy: { createdAt: "desc" } });
    expect(row?.target).toBe(`${me.email}: ${before} → ${wanted}`);
  });

  it("answers a taken handle with a field error and changes nothing", async () => {
    const mine = await handleOf(me.id);
    const result = await changeHandleAction({ handle: await handleOf(other.id) });
    expect(result).toMatchObject({ ok: false, error: { code: "validation_failed", fields: [{ pointer: "/handle", code: "already_exists", message: "This handle is taken; choose another" }] } });
    expect(await handleOf(me.id)).toBe(mine);
  });

  it.each(["Upper", "with space", "x".repeat(40), "", "dot.ted"])("refuses %j", async (handle) => {
    const result = await changeHandleAction({ handle });
    if (result.ok) throw new Error(`${handle} was accepted`);
    expect(result.error.code).toBe("validation_failed");
    expect(new Set(result.error.fields?.map((f) => f.pointer))).toEqual(new Set(["/handle"]));
  });

  it("needs a session", async () => {
    session.user = null;
    try {
      expect(await changeHandleAction({ handle: "nobody" })).toMatchObject({ ok: false, error: { code: "unauthenticated" } });
    } finally {
      session.user = me;
    }
  });
});
