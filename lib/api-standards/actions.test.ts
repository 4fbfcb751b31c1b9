import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { describeWithDatabase } from "@/test/db";
import { makeInstance, makeUser } from "@/test/factories";
import { isolatePostgres } from "@/test/secrets";
import type { UserActor as SessionUser } from "@/lib/auth/actor";
import { db } from "@/lib/db/client";
import { newId } from "@/lib/ids";
import { flushAudit } from "@/lib/audit/writer";
import { getApiStandard, referenceCounts } from "./service";

// The console page's server actions through the real action wrapper:
// superadmins create, edit and delete; everyone else is refused; each change
// audited in the control-plane log with the handle. Also the page's
// reference counts: all workspaces for superadmins, one workspace otherwise.

await isolatePostgres("api_standard_actions");

const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock("next/headers", () => ({ headers: async () => new Headers({ "x-penaxtra-peer-ip": "192.0.2.30" }) }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));
vi.mock("@/lib/auth/session", () => ({ currentUser: async () => session.user }));

const { createApiStandardAction, deleteApiStandardAction, updateApiStandardAction } = await import("@/app/(console)/app/[instanceId]/api-standards/actions");

describeWithDatabase("API standards console actions", () => {
  let superadmin: SessionUser;
  let owner: SessionUser;
  const instances: string[] = [];
  const standard = { api_standard_handle: "console-made", description: "Made in the console", key_method: "auth_apikey" as const, key_field: "X-API-Key" };

  beforeAll(async () => {
    for (const name of ["Actions A", "Actions B"]) instances.push((await makeInstance(name)).id);
    superadmin = await makeUser({ isSuperadmin: true });
    owner = await makeUser({ instanceId: instances[0], role: "owner" });
  });
  afterAll(() => flushAudit());

  it("refuses a workspace owner who is not a superadmin, and changes nothing", async () => {
    session.user = owner;
    expect(await createApiStandardAction(standard)).toMatchObject({ ok: false, error: { code: "forbidden" } });
    expect(await updateApiStandardAction({ ...standard, api_standard_handle: "openai" })).toMatchObject({ ok: false, error: { code: "forbidden" } });
    expect(await deleteApiStandardAction({ api_standard_handle: "gemini" })).toMatchObject({ ok: false, error: { code: "forbidden" } });
    await expect(getApiStandard("console-made")).rejects.toMatchObject({ code: "not_found" });
    expect(await getApiStandard("gemini")).toMatchObject({ key_method: "query_param" });
  });

  it("lets a superadmin create, edit and delete; bad fields come back at their pointers; every change audited", async () => {
    session.user = superadmin;
    expect(await createApiStandardAction({ ...standard, key_method: "query_param", key_field: "a b" })).toMatchObject({
      ok: false,
      error: { code: "validation_failed", fields: [{ pointer: "/key_field" }] },
    });
    expect(await createApiStandardAction(standard)).toEqual({ ok: true, data: standard });
    expect(await createApiStandardAction(standard)).toMatchObject({ ok: false, error: { code: "already_exists" } });
    const edited = { ...standard, description: "Edited", key_method: "none" as const, key_field: "" };
    expect(await updateApiStandardAction(edited)).toEqual({ ok: true, data: edited });
    expect(await deleteApiStandardAction({ api_standard_handle: "console-made" })).toEqual({ ok: true, data: { message: "API standard 'console-made' deleted successfully" } });
    // Editing a standard deleted meanwhile does not bring it back.
    expect(await updateApiStandardAction(edited)).toMatchObject({ ok: false, error: { code: "not_found", message: "API standard 'console-made' not found" } });
    await flushAudit(); // the refused create has no target: its input never parsed
    const rows = await db().auditEvent.findMany({ where: { actorId: superadmin.id, target: "console-made" }, orderBy: { createdAt: "asc" } });
    expect(rows.map((r) => [r.action, r.status, r.instanceId])).toEqual([
      ["api_standard.create", 200, null],
      ["api_standard.create", 409, null],
      ["api_standard.update", 200, null],
      ["api_standard.delete", 200, null],
      ["api_standard.update", 404, null],
    ]);
  });

  it("refuses to delete a referenced standard with the seed's message, and counts references per workspace or overall", async () => {
    session.user = superadmin;
    await createApiStandardAction({ ...standard, api_standard_handle: "in-use" });
    for (const instanceId of instances) {
      const id = newId("ep");
      const url = `https://${id.toLowerCase()}.example.test/v1`;
      await db().endpoint.create({
        data: { id, instanceId, name: "uses in-use", url, urlKey: url, host: new URL(url).host, wireFormat: "chat_completions_v1", model: "m", ownerUserId: owner.id, tags: [], apiStandardHandle: "in-use" },
      });
    }
    expect(await deleteApiStandardAction({ api_standard_handle: "in-use" })).toMatchObject({
      ok: false,
      error: { code: "api_standard_in_use", message: "Cannot delete API standard: referenced by 2 LLM service instances" },
    });
    expect((await referenceCounts(null)).get("in-use")).toBe(2);
    expect((await referenceCounts(instances[0])).get("in-use")).toBe(1);
    expect((await referenceCounts(instances[1])).get("openai")).toBeUndefined();
  });
});
