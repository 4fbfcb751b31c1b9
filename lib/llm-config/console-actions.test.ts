import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { describeWithDatabase } from "@/test/db";
import { makeInstance, makeUser } from "@/test/factories";
import { canary, isolatePostgres, useFreshDataDir } from "@/test/secrets";
import { FAKE_MODELS, FAKE_PROVIDER_KEY, startFakeProviders } from "@/test/fake-providers";
import type { UserActor as SessionUser } from "@/lib/auth/actor";
import { resetConfigForTests } from "@/lib/config";
import { db } from "@/lib/db/client";
import { flushAudit } from "@/lib/audit/writer";
import { installSocketTripwire } from "@/lib/egress/test-tripwire";
import { getLlmConfig } from "./service";

// The console's LLM configuration actions (Admin → LLM configuration) through
// the real action wrapper: superadmins only, the scope checked, field errors
// where the form shows them, the key never in an answer or an audit row, and
// each change in the control-plane log and in the log of the instance it changed.

const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock("next/headers", () => ({ headers: async () => new Headers({ "x-penaxtra-peer-ip": "192.0.2.40" }) }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));
vi.mock("@/lib/auth/session", () => ({ currentUser: async () => session.user }));

const { createLlmConfigAction, deleteLlmConfigAction, testLlmConnectionAction, updateLlmConfigAction } = await import(
  "@/app/(console)/app/[instanceId]/admin/llm-config/actions"
);

await isolatePostgres("llm_config_console");

describeWithDatabase("LLM configuration console actions", () => {
  let fake: Awaited<ReturnType<typeof startFakeProviders>>;
  let tripwire: ReturnType<typeof installSocketTripwire>;
  let instanceId: string;
  let owner: SessionUser;
  let superadmin: SessionUser;
  const key = `sk-ant-api03-${canary("console")}`;
  const saved = process.env.PENAXTRA_EGRESS_ALLOW;
  const since = new Date();

  beforeAll(async () => {
    tripwire = installSocketTripwire();
    process.env.PENAXTRA_EGRESS_ALLOW = "127.0.0.1/32";
    resetConfigForTests();
    useFreshDataDir();
    fake = await startFakeProviders();
    instanceId = (await makeInstance("LLM console")).id;
    owner = await makeUser({ instanceId, role: "owner" });
    superadmin = await makeUser({ isSuperadmin: true });
  });
  afterAll(async () => {
    await flushAudit();
    await fake?.close();
    process.env.PENAXTRA_EGRESS_ALLOW = saved;
    resetConfigForTests();
    tripwire.remove();
    expect(tripwire.refused).toEqual([]);
  });

  const anthropic = (mode = "ok") => ({ provider: "anthropic" as const, model: FAKE_MODELS.anthropic, api_key: key, base_url: fake.baseUrl("anthropic", mode) });

  it("refuses a workspace owner who is not a superadmin, for every scope and action", async () => {
    session.user = owner;
    for (const scope of [null, instanceId]) {
      expect(await createLlmConfigAction(scope, anthropic())).toMatchObject({ ok: false, error: { code: "forbidden" } });
      expect(await updateLlmConfigAction(scope, { model: "x" })).toMatchObject({ ok: false, error: { code: "forbidden" } });
      expect(await deleteLlmConfigAction(scope)).toMatchObject({ ok: false, error: { code: "forbidden" } });
      expect(await testLlmConnectionAction(scope)).toMatchObject({ ok: false, error: { code: "forbidden" } });
    }
    expect(await getLlmConfig(null)).toBeNull();
    expect(await getLlmConfig(instanceId)).toBeNull();
    expect(fake.received).toHaveLength(0);
  });

  it("answers not_found for a scope that is not an instance id, or names none", async () => {
    session.user = superadmin;
    for (const scope of ["control-plane", "ins_x", `ins_${"A".repeat(20)}`]) {
      expect(await createLlmConfigAction(scope, anthropic())).toMatchObject({ ok: false, error: { code: "not_found" } });
      expect(await testLlmConnectionAction(scope)).toMatchObject({ ok: false, error: { code: "not_found" } });
    }
    expect(await db().llmConfig.count()).toBe(0);
  });

  it("places field errors on the form's fields, from the schema and from the rules on the stored record", async () => {
    session.user = superadmin;
    const missing = await createLlmConfigAction(null, { provider: "openai_compatible", model: "m", api_key: key });
    expect(missing).toMatchObject({ ok: false, error: { code: "validation_failed", fields: [{ pointer: "/base_url" }] } });
    const provider = await createLlmConfigAction(null, { provider: "nope" as never, model: "m", api_key: key });
    expect(provider).toMatchObject({ ok: false, error: { code: "validation_failed", fields: [{ pointer: "/provider" }] } });
    expect(JSON.stringify([missing, provider])).not.toContain(key);
  });

  it("creates, tests, edits and deletes a control-plane and an instance configuration; the key stays out of every answer", async () => {
    session.user = superadmin;
    const created = await createLlmConfigAction(null, anthropic());
    expect(created).toMatchObject({ ok: true, data: { provider: "anthropic", instance_id: null, api_key_masked: expect.stringMatching(/^sk-ant-\.\.\..{4}$/) } });
    expect(await createLlmConfigAction(null, anthropic())).toMatchObject({ ok: false, error: { code: "already_exists" } });
    const own = await createLlmConfigAction(instanceId, { provider: "openai", model: FAKE_MODELS.openai, api_key: FAKE_PROVIDER_KEY, base_url: fake.baseUrl("openai") });
    expect(own).toMatchObject({ ok: true, data: { provider: "openai", instance_id: instanceId } });

    // The control plane's key is not the fake's: the test says so; the instance's is.
    expect(await testLlmConnectionAction(null)).toMatchObject({ ok: true, data: { success: false, message: expect.stringMatching(/^invalid_api_key/) } });
    expect(await testLlmConnectionAction(instanceId)).toEqual({ ok: true, data: { success: true, provider: "openai", model: FAKE_MODELS.openai, message: "Connection successful" } });

    const hint = (await getLlmConfig(instanceId))!.api_key_masked;
    const edited = await updateLlmConfigAction(instanceId, { model: "gpt-4o-mini" });
    expect(edited).toMatchObject({ ok: true, data: { model: "gpt-4o-mini", api_key_masked: hint } });
    const rule = await updateLlmConfigAction(instanceId, { provider: "azure_openai", base_url: null });
    expect(rule).toMatchObject({ ok: false, error: { code: "validation_failed", fields: [{ pointer: "/base_url" }] } });

    expect(await deleteLlmConfigAction(instanceId)).toEqual({ ok: true, data: { scope: instanceId } });
    expect(await deleteLlmConfigAction(instanceId)).toMatchObject({ ok: false, error: { code: "not_found" } });
    expect(await getLlmConfig(null)).not.toBeNull();
    expect(JSON.stringify([created, own, edited])).not.toContain(key);
  });

  it("audits each change in the control-plane log, and an instance's in its own log too, never with the key", async () => {
    await flushAudit();
    const rows = await db().auditEvent.findMany({ where: { action: { startsWith: "llm_config." }, createdAt: { gte: since } } });
    const seen = (instance: string | null, action: string, status: number) =>
      rows.filter((r) => r.instanceId === instance && r.action === action && r.status === status && r.actorId === superadmin.id);
    expect(seen(null, "llm_config.create", 200).map((r) => r.target)).toEqual(expect.arrayContaining(["control-plane", instanceId]));
    expect(seen(instanceId, "llm_config.create", 200).map((r) => r.target)).toEqual([instanceId]);
    expect(seen(instanceId, "llm_config.update", 200)).toHaveLength(1);
    expect(seen(instanceId, "llm_config.delete", 200)).toHaveLength(1);
    expect(seen(instanceId, "llm_config.test_connection", 200)).toHaveLength(1);
    expect(seen(null, "llm_config.create", 409)).toHaveLength(1);
    // The owner's refused tries stay in the control-plane log, never the instance's.
    const refused = rows.filter((r) => r.actorId === owner.id);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.every((r) => r.instanceId === null && r.status === 403)).toBe(true);
    expect(JSON.stringify(rows)).not.toContain(key);
    expect(JSON.stringify(rows)).not.toContain(FAKE_PROVIDER_KEY);
  });
});
