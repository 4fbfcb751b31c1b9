import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { describeWithDatabase } from "@/test/db";
import { makeInstance, makeUser } from "@/test/factories";
import { canary, isolatePostgres, useFreshDataDir } from "@/test/secrets";
import { FAKE_ANSWER, FAKE_MODELS, FAKE_PROVIDER_KEY, startFakeProviders } from "@/test/fake-providers";
import { CLI, type UserActor as SessionUser } from "@/lib/auth/actor";
import { resetConfigForTests } from "@/lib/config";
import { db } from "@/lib/db/client";
import { flushAudit } from "@/lib/audit/writer";
import { installSocketTripwire } from "@/lib/egress/test-tripwire";
import { createSecret } from "@/lib/secrets/service";
import { createLlmConfig, updateLlmConfig } from "@/lib/llm-config/service";
import { createEndpointSchema } from "./schema";
import { createEndpoint, getEndpoint } from "./service";
import { AI_OFF, boundSuggestion, DESCRIPTION_MAX, suggestEndpointDescription } from "./suggest-description";

// "Suggest description" against fake providers on loopback: what leaves the
// server (the metadata, never the URL's path or query, the credential header
// or the secret), which configuration answers (the workspace's, else the
// control plane's, else ai_not_configured), and the console action around it
// (who may ask, the audit row, nothing saved).

const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock("next/headers", () => ({ headers: async () => new Headers({ "x-penaxtra-peer-ip": "192.0.2.30" }) }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));
vi.mock("@/lib/auth/session", () => ({ currentUser: async () => session.user }));

const { suggestDescriptionAction } = await import("@/app/(console)/app/[instanceId]/endpoints/[endpointId]/actions");

await isolatePostgres("suggest_description");

describe("boundSuggestion", () => {
  it("keeps one or two plain sentences", () => {
    expect(boundSuggestion('Description: "A support chatbot. It answers billing questions. It also does refunds."')).toBe(
      "A support chatbot. It answers billing questions.",
    );
    expect(boundSuggestion("**Internal** summariser\n\nfor   tickets")).toBe("Internal summariser for tickets");
    expect(boundSuggestion("# Summary\n> A `chat_completions_v1` endpoint for gpt_4o_support.")).toBe("Summary A chat_completions_v1 endpoint for gpt_4o_support.");
    expect(boundSuggestion("Serves model v1.2 for support! Routes via gpt-4o.mini? A third sentence.")).toBe("Serves model v1.2 for support! Routes via gpt-4o.mini?");
    expect(boundSuggestion('  ""  ')).toBe("");
  });

  it("never exceeds the description field's limit, cutting at a word", () => {
    expect(DESCRIPTION_MAX).toBe(2000);
    const long = boundSuggestion(`${"word ".repeat(1000)}end.`);
    expect(long.length).toBeLessThanOrEqual(DESCRIPTION_MAX);
    expect(long).toMatch(/word…$/);
    expect(boundSuggestion("x".repeat(50), 10)).toBe("xxxxxxxxx…");
  });
});

describeWithDatabase("suggest description", () => {
  let fake: Awaited<ReturnType<typeof startFakeProviders>>;
  let tripwire: ReturnType<typeof installSocketTripwire>;
  let instanceId: string;
  let otherId: string;
  let endpointId: string;
  const users = {} as Record<"viewer" | "member" | "outsider", SessionUser>;
  const secretValue = canary("upstream");
  const secretName = `upstream_key_${canary("name").slice(-8).toLowerCase().replace(/[^a-z0-9]/g, "")}`;
  const queryValue = canary("query");
  const saved = process.env.PENAXTRA_EGRESS_ALLOW;

  beforeAll(async () => {
    tripwire = installSocketTripwire();
    process.env.PENAXTRA_EGRESS_ALLOW = "127.0.0.1/32";
    resetConfigForTests();
    useFreshDataDir();
    fake = await startFakeProviders();
    instanceId = (await makeInstance("Suggest")).id;
    otherId = (await makeInstance("Elsewhere")).id;
    for (const role of ["viewer", "member"] as const) users[role] = await makeUser({ instanceId, role });
    users.outsider = await makeUser({ instanceId: otherId, role: "owner" });
    await createSecret(instanceId, { name: secretName, value: secretValue }, users.member);
    const endpoint = await createEndpoint(
      instanceId,
      createEndpointSchema.parse({
        name: "Support bot",
        url: `https://llm.example.com:8443/v1/chat/completions?deployment=${queryValue}`,
        wire_format: "chat_completions_v1",
        model: "gpt-4o-support",
        auth_header: "X-Upstream-Key",
        auth_value_secret_ref: `secret:${secretName}`,
        tags: ["support", "prod"],
      }),
      users.member,
    );
    endpointId = endpoint.id;
  });
  afterAll(async () => {
    await flushAudit();
    await fake?.close();
    process.env.PENAXTRA_EGRESS_ALLOW = saved;
    resetConfigForTests();
    tripwire.remove();
    expect(tripwire.refused).toEqual([]);
  });

  it("is ai_not_configured, with the console's hint, when neither the workspace nor the control plane has a configuration", async () => {
    await expect(suggestEndpointDescription(instanceId, endpointId)).rejects.toMatchObject({ code: "ai_not_configured", message: AI_OFF });
    session.user = users.member;
    expect(await suggestDescriptionAction(instanceId, { id: endpointId })).toEqual({ ok: false, error: { code: "ai_not_configured", message: AI_OFF } });
    expect(fake.received).toHaveLength(0);
  });

  it("uses the control plane's configuration and sends the endpoint's metadata only", async () => {
    const base_url = fake.baseUrl("openai_compatible");
    await createLlmConfig(null, { provider: "openai_compatible", model: FAKE_MODELS.openai_compatible, api_key: FAKE_PROVIDER_KEY, base_url }, CLI);

    expect(await suggestEndpointDescription(instanceId, endpointId)).toEqual({ description: FAKE_ANSWER, source: "control-plane", provider: "openai_compatible" });

    const sent = fake.received.at(-1)!;
    expect(sent).toMatchObject({ family: "openai_compatible", method: "POST", path: "/chat/completions" });
    const body = JSON.parse(sent.body) as { messages: { role: string; content: string }[] };
    const user = body.messages.find((m) => m.role === "user")!.content;
    const metadata = JSON.parse(user.slice(user.indexOf("{"), user.lastIndexOf("}") + 1)) as unknown;
    expect(metadata).toEqual({ name: "Support bot", host: "llm.example.com:8443", wire_format: "chat_completions_v1", model: "gpt-4o-support", tags: ["support", "prod"] });
    const everything = JSON.stringify(sent);
    for (const secret of [queryValue, "deployment", "/v1/chat/completions", secretValue, secretName, "X-Upstream-Key", endpointId]) {
      expect(everything).not.toContain(secret);
    }
  });

  it("prefers the workspace's own configuration", async () => {
    await createLlmConfig(instanceId, { provider: "anthropic", model: FAKE_MODELS.anthropic, api_key: FAKE_PROVIDER_KEY, base_url: fake.baseUrl("anthropic") }, CLI);
    expect(await suggestEndpointDescription(instanceId, endpointId)).toEqual({ description: FAKE_ANSWER, source: "instance", provider: "anthropic" });
    expect(fake.received.at(-1)).toMatchObject({ family: "anthropic", path: "/v1/messages" });
  });

  it("answers members with a draft, saves nothing, audits the ask; refuses viewers and other workspaces", async () => {
    const since = new Date();
    session.user = users.viewer;
    expect(await suggestDescriptionAction(instanceId, { id: endpointId })).toMatchObject({ ok: false, error: { code: "forbidden" } });
    session.user = users.outsider;
    expect(await suggestDescriptionAction(instanceId, { id: endpointId })).toMatchObject({ ok: false, error: { code: "not_found" } });
    expect(await suggestDescriptionAction(otherId, { id: endpointId })).toMatchObject({ ok: false, error: { code: "not_found" } });

    session.user = users.member;
    expect(await suggestDescriptionAction(instanceId, { id: endpointId })).toEqual({ ok: true, data: { description: FAKE_ANSWER, source: "instance", provider: "anthropic" } });
    expect((await getEndpoint(instanceId, endpointId)).description).toBeNull();

    await flushAudit();
    const rows = await db().auditEvent.findMany({ where: { action: "endpoint.suggest_description", createdAt: { gte: since } } });
    // Refused before the input is read: no target. An outsider's try is never written to the workspace it aimed at.
    expect(rows.map((r) => [r.instanceId, r.actorId, r.target, r.status])).toEqual(
      expect.arrayContaining([
        [instanceId, users.viewer.id, null, 403],
        [null, users.outsider.id, null, 404],
        [otherId, users.outsider.id, endpointId, 404],
        [instanceId, users.member.id, endpointId, 200],
      ]),
    );
    expect(rows).toHaveLength(4);
    expect(JSON.stringify(rows)).not.toContain(FAKE_PROVIDER_KEY);
  });

  it("reports a provider failure as upstream_failed, without the provider's bytes", async () => {
    await updateLlmConfig(instanceId, { base_url: fake.baseUrl("anthropic", "error") }, CLI);
    const failure = await suggestEndpointDescription(instanceId, endpointId).catch((e: Error) => e);
    expect(failure).toMatchObject({ code: "upstream_failed" });
    expect((failure as Error).message).not.toContain(FAKE_PROVIDER_KEY);
    expect((failure as Error).message).not.toContain("internal failure");
  });
});
