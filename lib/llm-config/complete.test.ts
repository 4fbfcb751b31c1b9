import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeWithDatabase } from "@/test/db";
import { makeInstance } from "@/test/factories";
import { isolatePostgres, useFreshDataDir } from "@/test/secrets";
import { FAKE_ANSWER, FAKE_MODELS, FAKE_PROVIDER_KEY, startFakeProviders, type Family } from "@/test/fake-providers";
import { CLI } from "@/lib/auth/actor";
import { resetConfigForTests } from "@/lib/config";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { installSocketTripwire } from "@/lib/egress/test-tripwire";
import { completeText, withoutKey } from "./complete";
import { createLlmConfig, deleteLlmConfig, effectiveLlmConfig } from "./service";
import type { Provider } from "./schema";

// completeText against the fake providers: one chat request in each
// provider's own shape (path, key placement, where the system text and the
// token limit go), the answer's text back, and failures as AppErrors that
// carry our reason, never the provider's bytes or the key.

await isolatePostgres("llm_complete");

const FAMILIES = Object.keys(FAKE_MODELS) as Family[];
const REQ = { system: "You write one-sentence descriptions.", prompt: "Describe endpoint ep-42.", maxTokens: 120 };

describeWithDatabase("completeText", () => {
  let fake: Awaited<ReturnType<typeof startFakeProviders>>;
  let tripwire: ReturnType<typeof installSocketTripwire>;
  const saved = process.env.PENAXTRA_EGRESS_ALLOW;

  beforeAll(async () => {
    tripwire = installSocketTripwire();
    process.env.PENAXTRA_EGRESS_ALLOW = "127.0.0.1/32";
    resetConfigForTests();
    useFreshDataDir();
    fake = await startFakeProviders();
    await db().llmConfig.deleteMany();
  });
  afterAll(async () => {
    await fake?.close();
    process.env.PENAXTRA_EGRESS_ALLOW = saved;
    resetConfigForTests();
    tripwire.remove();
    expect(tripwire.refused).toEqual([]);
  });

  async function configured(provider: Provider, mode = "ok", more: Record<string, unknown> = {}) {
    const instanceId = (await makeInstance("Complete")).id;
    await createLlmConfig(instanceId, { provider, model: FAKE_MODELS[provider], api_key: FAKE_PROVIDER_KEY, base_url: fake.baseUrl(provider, mode), ...more }, CLI);
    return instanceId;
  }

  async function failure(instanceId: string): Promise<AppError> {
    const err = await completeText(instanceId, REQ).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).message).not.toContain(FAKE_PROVIDER_KEY);
    return err as AppError;
  }

  const sentBody = (from: number) => JSON.parse(fake.received[from].body) as Record<string, unknown>;
  const messages = [
    { role: "system", content: REQ.system },
    { role: "user", content: REQ.prompt },
  ];

  const EXPECTED: Record<Family, { path: string; header?: [string, string]; body: Record<string, unknown> }> = {
    anthropic: {
      path: "/v1/messages",
      header: ["x-api-key", FAKE_PROVIDER_KEY],
      body: { model: FAKE_MODELS.anthropic, max_tokens: 120, system: REQ.system, messages: [{ role: "user", content: REQ.prompt }] },
    },
    openai: { path: "/chat/completions", header: ["authorization", `Bearer ${FAKE_PROVIDER_KEY}`], body: { model: FAKE_MODELS.openai, messages, max_completion_tokens: 120 } },
    openai_compatible: {
      path: "/chat/completions",
      header: ["authorization", `Bearer ${FAKE_PROVIDER_KEY}`],
      body: { model: FAKE_MODELS.openai_compatible, messages, max_tokens: 120 },
    },
    azure_openai: {
      path: `/openai/deployments/${FAKE_MODELS.azure_openai}/chat/completions?api-version=2024-10-21`,
      header: ["api-key", FAKE_PROVIDER_KEY],
      body: { messages, max_tokens: 120 },
    },
    gemini: {
      path: `/v1beta/models/${FAKE_MODELS.gemini}:generateContent?key=${FAKE_PROVIDER_KEY}`,
      body: {
        systemInstruction: { parts: [{ text: REQ.system }] },
        contents: [{ role: "user", parts: [{ text: REQ.prompt }] }],
        generationConfig: { maxOutputTokens: 120 },
      },
    },
    cohere: { path: "/v2/chat", header: ["authorization", `Bearer ${FAKE_PROVIDER_KEY}`], body: { model: FAKE_MODELS.cohere, messages, max_tokens: 120 } },
    ollama: {
      path: "/api/chat",
      header: ["authorization", `Bearer ${FAKE_PROVIDER_KEY}`],
      body: { model: FAKE_MODELS.ollama, messages, stream: false, options: { num_predict: 120 } },
    },
  };

  it.each(FAMILIES)("%s: sends one chat request the provider's way and returns the text", async (family) => {
    const instanceId = await configured(family);
    const before = fake.received.length;
    expect(await completeText(instanceId, REQ)).toBe(FAKE_ANSWER);
    expect(fake.received.length).toBe(before + 1);
    expect(fake.received[before]).toMatchObject({ family, method: "POST", path: EXPECTED[family].path });
    expect(fake.received[before].headers["content-type"]).toBe("application/json");
    const header = EXPECTED[family].header;
    if (header) expect(fake.received[before].headers[header[0]]).toBe(header[1]);
    expect(sentBody(before)).toEqual(EXPECTED[family].body);
  });

  it("uses the instance's configuration, else the control plane's, else answers ai_not_configured", async () => {
    const instanceId = (await makeInstance("Effective")).id;
    expect(await effectiveLlmConfig(instanceId)).toBeNull();
    const off = await failure(instanceId);
    expect(off).toMatchObject({ code: "ai_not_configured", status: 409 });

    await createLlmConfig(null, { provider: "cohere", model: FAKE_MODELS.cohere, api_key: FAKE_PROVIDER_KEY, base_url: fake.baseUrl("cohere") }, CLI);
    try {
      expect(await effectiveLlmConfig(instanceId)).toMatchObject({ source: "control-plane", config: { provider: "cohere", instance_id: null } });
      let before = fake.received.length;
      expect(await completeText(instanceId, REQ)).toBe(FAKE_ANSWER);
      expect(fake.received[before].family).toBe("cohere");

      await createLlmConfig(instanceId, { provider: "openai", model: FAKE_MODELS.openai, api_key: FAKE_PROVIDER_KEY, base_url: fake.baseUrl("openai") }, CLI);
      expect(await effectiveLlmConfig(instanceId)).toMatchObject({ source: "instance", config: { provider: "openai", instance_id: instanceId } });
      before = fake.received.length;
      await completeText(instanceId, REQ);
      expect(fake.received[before].family).toBe("openai");

      await deleteLlmConfig(instanceId, CLI);
      expect(await effectiveLlmConfig(instanceId)).toMatchObject({ source: "control-plane" });
    } finally {
      await deleteLlmConfig(null, CLI);
    }
    expect(await effectiveLlmConfig(instanceId)).toBeNull();
  });

  it.each([
    ["a refused key", "openai", "ok", { api_key: "sk-wrong-0000000000000000000000" }, "invalid_api_key: the provider refused the key (HTTP 401)"],
    ["Gemini's refused key", "gemini", "ok", { api_key: "wrong-gemini-key-00000000" }, "invalid_api_key: the provider refused the key (HTTP 400)"],
    ["an unknown model", "anthropic", "ok", { model: "claude-nope" }, "model_not_found: the provider does not know the model claude-nope (HTTP 404)"],
    ["a failing provider quoting the key", "gemini", "error", {}, "upstream_error: the provider failed (HTTP 500)"],
    ["a rate limit", "cohere", "limited", {}, "rate_limited: the provider is limiting requests (HTTP 429); try again later"],
    ["an answer without text", "ollama", "garbage", {}, "unexpected_response: the answer holds no text"],
    ["an HTML page", "azure_openai", "html", {}, "unexpected_response: the provider's answer is not JSON (HTTP 200)"],
  ] as const)("%s is upstream_failed with our reason", async (_, provider, mode, more, reason) => {
    const err = await failure(await configured(provider, mode, more));
    expect(err).toMatchObject({ code: "upstream_failed", status: 502, message: `The LLM provider call failed: ${reason}` });
  });

  it("an address egress refuses is upstream_failed egress_blocked, with no request made", async () => {
    const before = fake.received.length;
    const err = await failure(await configured("openai_compatible", "ok", { base_url: "http://10.0.0.1:8080/v1" }));
    expect(err).toMatchObject({ code: "upstream_failed" });
    expect(err.message).toMatch(/^The LLM provider call failed: egress_blocked: /);
    expect(fake.received.length).toBe(before);
  });

  it("refuses out-of-bounds requests before any call", async () => {
    const instanceId = await configured("openai");
    const before = fake.received.length;
    await expect(completeText(instanceId, { ...REQ, maxTokens: 0 })).rejects.toThrow();
    await expect(completeText(instanceId, { ...REQ, prompt: "x".repeat(32_001) })).rejects.toThrow();
    expect(fake.received.length).toBe(before);
  });
});

describe("withoutKey", () => {
  it("masks every occurrence of the key in a provider's answer", () => {
    expect(withoutKey("Bearer sk-abc123456 and again sk-abc123456.", "sk-abc123456")).toBe("Bearer [redacted] and again [redacted].");
    expect(withoutKey("nothing to hide", "sk-abc123456")).toBe("nothing to hide");
  });
});
