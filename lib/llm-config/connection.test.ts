import { afterAll, beforeAll, expect, it } from "vitest";
import { describeWithDatabase } from "@/test/db";
import { makeInstance } from "@/test/factories";
import { isolatePostgres, useFreshDataDir } from "@/test/secrets";
import { FAKE_MODELS, FAKE_PROVIDER_KEY, startFakeProviders, type Family } from "@/test/fake-providers";
import { CLI } from "@/lib/auth/actor";
import { resetConfigForTests } from "@/lib/config";
import type { ConnectTarget, EgressDeps } from "@/lib/egress/guard";
import { installSocketTripwire } from "@/lib/egress/test-tripwire";
import { createLlmConfig, testLlmConnection } from "./service";
import type { Provider } from "./schema";

// The connection test against fake providers on loopback: each family is
// called at its exact models URL with the key where it expects it, and each
// way a provider can fail is told apart in the message, which never carries
// the key or the provider's bytes.

await isolatePostgres("llm_connection");

const FAMILIES = Object.keys(FAKE_MODELS) as Family[];
const WRONG_KEY = "sk-wrong-key-00000000000000000000";

describeWithDatabase("the LLM connection test", () => {
  let fake: Awaited<ReturnType<typeof startFakeProviders>>;
  let tripwire: ReturnType<typeof installSocketTripwire>;
  const saved = process.env.PENAXTRA_EGRESS_ALLOW;

  beforeAll(async () => {
    tripwire = installSocketTripwire();
    process.env.PENAXTRA_EGRESS_ALLOW = "127.0.0.1/32";
    resetConfigForTests();
    useFreshDataDir();
    fake = await startFakeProviders();
  });
  afterAll(async () => {
    await fake?.close();
    process.env.PENAXTRA_EGRESS_ALLOW = saved;
    resetConfigForTests();
    tripwire.remove();
    expect(tripwire.refused).toEqual([]);
  });

  /** A fresh instance with this configuration; answers its connection test. */
  async function test(config: { provider: Provider; model?: string; api_key?: string; base_url?: string }, deps?: EgressDeps) {
    const instanceId = (await makeInstance("Connection")).id;
    const model = config.model ?? FAKE_MODELS[config.provider];
    await createLlmConfig(instanceId, { api_key: FAKE_PROVIDER_KEY, ...config, model }, CLI);
    const result = await testLlmConnection(instanceId, deps);
    expect(result).toMatchObject({ provider: config.provider, model });
    expect(result.message).not.toContain(FAKE_PROVIDER_KEY);
    expect(result.message).not.toContain(WRONG_KEY);
    return result;
  }

  const EXPECTED: Record<Family, { path: string; header?: [string, string] }> = {
    anthropic: { path: "/v1/models?limit=1000", header: ["x-api-key", FAKE_PROVIDER_KEY] },
    openai: { path: "/models", header: ["authorization", `Bearer ${FAKE_PROVIDER_KEY}`] },
    azure_openai: { path: "/openai/models?api-version=2024-10-21", header: ["api-key", FAKE_PROVIDER_KEY] },
    gemini: { path: `/v1beta/models?pageSize=1000&key=${FAKE_PROVIDER_KEY}` },
    cohere: { path: "/v1/models?page_size=1000", header: ["authorization", `Bearer ${FAKE_PROVIDER_KEY}`] },
    ollama: { path: "/api/tags", header: ["authorization", `Bearer ${FAKE_PROVIDER_KEY}`] },
    openai_compatible: { path: "/models", header: ["authorization", `Bearer ${FAKE_PROVIDER_KEY}`] },
  };

  it.each(FAMILIES)("%s: calls the models list the provider's way and finds the model", async (family) => {
    const before = fake.received.length;
    expect(await test({ provider: family, base_url: fake.baseUrl(family) })).toMatchObject({ success: true, message: "Connection successful" });
    const [sent] = fake.received.slice(before);
    expect(sent).toMatchObject({ family, method: "GET", path: EXPECTED[family].path });
    const header = EXPECTED[family].header;
    if (header) expect(sent.headers[header[0]]).toBe(header[1]);
    if (family === "anthropic") expect(sent.headers["anthropic-version"]).toBe("2023-06-01");
  });

  it.each(FAMILIES)("%s: a refused key is invalid_api_key", async (family) => {
    const result = await test({ provider: family, api_key: WRONG_KEY, base_url: fake.baseUrl(family) });
    const status = family === "gemini" ? 400 : 401;
    expect(result).toMatchObject({ success: false, message: `invalid_api_key: the provider refused the key (HTTP ${status})` });
  });

  it.each(FAMILIES)("%s: a model the provider does not list is model_not_found", async (family) => {
    const result = await test({ provider: family, model: "no-such-model", base_url: fake.baseUrl(family) });
    expect(result).toEqual({ success: false, provider: family, model: "no-such-model", message: "model_not_found: the key works, but the provider does not list the model no-such-model" });
  });

  it("matches each provider's spelling of ids: Gemini's models/ prefix, Ollama's :latest tag, Ollama without a key", async () => {
    expect(await test({ provider: "gemini", model: `models/${FAKE_MODELS.gemini}`, base_url: fake.baseUrl("gemini") })).toMatchObject({ success: true });
    expect(await test({ provider: "ollama", model: `${FAKE_MODELS.ollama}:latest`, base_url: fake.baseUrl("ollama") })).toMatchObject({ success: true });
    const before = fake.received.length;
    const instanceId = (await makeInstance("Keyless")).id;
    await createLlmConfig(instanceId, { provider: "ollama", model: FAKE_MODELS.ollama, base_url: fake.baseUrl("ollama", "nokey") }, CLI);
    expect(await testLlmConnection(instanceId)).toMatchObject({ success: true });
    expect(fake.received[before].headers.authorization).toBeUndefined();
  });

  it.each([
    ["limited", "rate_limited: the provider is limiting requests (HTTP 429); try again later"],
    ["error", "upstream_error: the provider failed (HTTP 500)"],
    ["html", "unexpected_response: the provider's answer is not JSON (HTTP 200)"],
    ["garbage", "unexpected_response: the provider's answer is not a models list"],
    ["missing", "unexpected_response: the provider has no models list at this address (HTTP 404); check base_url"],
  ])("mode %s answers: %s (no upstream bytes, no key)", async (mode, message) => {
    for (const family of ["openai", "gemini"] as const) {
      expect(await test({ provider: family, base_url: fake.baseUrl(family, mode) })).toMatchObject({ success: false, message });
    }
  });

  it("reports timeout, connection_refused and tls_failure", async () => {
    process.env.PENAXTRA_EGRESS_TIMEOUT_MS = "400";
    resetConfigForTests();
    try {
      const slow = await test({ provider: "openai", base_url: fake.baseUrl("openai", "slow") });
      expect(slow.message).toMatch(/^timeout: /);
    } finally {
      delete process.env.PENAXTRA_EGRESS_TIMEOUT_MS;
      resetConfigForTests();
    }
    expect((await test({ provider: "cohere", base_url: "http://127.0.0.1:9" })).message).toMatch(/^connection_refused: /);
    // TLS to a plain-HTTP port: the handshake fails.
    expect((await test({ provider: "anthropic", base_url: fake.baseUrl("anthropic").replace("http:", "https:") })).message).toMatch(/^tls_failure: /);
  });

  it("reports dns_failure and egress_blocked without connecting anywhere", async () => {
    const attempts: ConnectTarget[] = [];
    const deps = (answers: Record<string, string[]>): EgressDeps => ({
      lookup: async (host) => {
        const found = answers[host];
        if (!found) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: "ENOTFOUND" });
        return found.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
      },
      connect: (target) => {
        attempts.push(target);
        throw Object.assign(new Error("connect ECONNREFUSED (seam)"), { code: "ECONNREFUSED" });
      },
    });
    expect((await test({ provider: "anthropic", base_url: "https://llm.example.invalid" }, deps({}))).message).toMatch(/^dns_failure: /);
    const rebinding = await test({ provider: "openai", base_url: "https://gateway.example.com/v1" }, deps({ "gateway.example.com": ["10.0.0.7"] }));
    expect(rebinding.message).toMatch(/^egress_blocked: /);
    expect((await test({ provider: "gemini", base_url: "http://169.254.169.254" }, deps({}))).message).toMatch(/^egress_blocked: /);
    expect(attempts).toEqual([]);
  });

  it("without base_url the provider's own address is called, and refused like any other unless admitted (Ollama's localhost)", async () => {
    process.env.PENAXTRA_EGRESS_ALLOW = "";
    resetConfigForTests();
    try {
      const looked: string[] = [];
      const deps: EgressDeps = {
        lookup: async (host) => {
          looked.push(host);
          return [{ address: "127.0.0.1", family: 4 }];
        },
        connect: () => {
          throw new Error("the seam must not be reached");
        },
      };
      expect((await test({ provider: "ollama", api_key: undefined }, deps)).message).toMatch(/^egress_blocked: Calls to localhost /);
      expect((await test({ provider: "anthropic" }, deps)).message).toMatch(/^egress_blocked: Calls to api\.anthropic\.com /);
      expect(looked).toEqual(["localhost", "api.anthropic.com"]);
    } finally {
      process.env.PENAXTRA_EGRESS_ALLOW = "127.0.0.1/32";
      resetConfigForTests();
    }
  });
});
