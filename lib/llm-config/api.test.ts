import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { describeWithDatabase } from "@/test/db";
import { makeInstance, makeUser } from "@/test/factories";
import { call, freshIp, mint } from "@/test/api";
import { canary, isolatePostgres, useFreshDataDir } from "@/test/secrets";
import { FAKE_MODELS, FAKE_PROVIDER_KEY, startFakeProviders } from "@/test/fake-providers";
import { resetConfigForTests } from "@/lib/config";
import { db } from "@/lib/db/client";
import { flushAudit } from "@/lib/audit/writer";
import { installSocketTripwire } from "@/lib/egress/test-tripwire";
import * as configRoute from "@/app/api/v2/llm-config/route";
import * as testRoute from "@/app/api/v2/llm-config/test-connection/route";
import { connectionResultSchema, llmConfigViewSchema, PROVIDERS } from "./schema";
import { encode } from "next-auth/jwt";
import { authSecret } from "@/lib/auth/secret";
import { createSession } from "@/lib/auth/sessions";
import { mintPlatformToken } from "@/lib/tokens/platform";
import { createPlatformTokenSchema } from "@/lib/tokens/schema";

// The LLM configuration API of seed 001 as a client and an attacker see it:
// the real route handlers, real platform tokens and session cookies, a real
// database, the audit rows and the log lines (the real logger, writing to a
// buffer) checked for the key.

const logged = vi.hoisted(() => [] as string[]);
vi.mock("@/lib/log", async (importActual) => {
  const actual = await importActual<typeof import("@/lib/log")>();
  const { Writable } = await import("node:stream");
  const sink = new Writable({
    write(chunk, _encoding, done) {
      logged.push(String(chunk));
      done();
    },
  });
  return { ...actual, log: actual.createLogger(sink, "debug") };
});

await isolatePostgres("llm_config_api");

/** A platform token of this superadmin, minted through the token service. */
async function platformTokenOf(userId: string): Promise<string> {
  return (await mintPlatformToken({ userId, isSuperadmin: true }, createPlatformTokenSchema.parse({ name: "llm-config tests" }))).token;
}

/** The Cookie header of a fresh console session of this user: a real session row behind a real signed cookie. */
async function sessionCookieOf(userId: string): Promise<string> {
  const jwt = await encode({ token: { sid: await createSession(userId) }, secret: authSecret() });
  return `next-auth.session-token=${jwt}`;
}

type Caller = { token?: string; cookie?: string; origin?: string; instance?: string };
type Answer = { status: number; body: unknown; text: string };

describeWithDatabase("the LLM configuration API", () => {
  let fake: Awaited<ReturnType<typeof startFakeProviders>>;
  let tripwire: ReturnType<typeof installSocketTripwire>;
  let superadmin: Awaited<ReturnType<typeof makeUser>>;
  let platform: string;
  let instanceId: string;
  let adminToken: string;
  let superadminWorkspaceToken: string;
  const answers: string[] = [];
  const key = `sk-ant-api03-${canary("llmkey")}`;
  const saved = process.env.PENAXTRA_EGRESS_ALLOW;

  beforeAll(async () => {
    tripwire = installSocketTripwire();
    process.env.PENAXTRA_EGRESS_ALLOW = "127.0.0.1/32";
    resetConfigForTests();
    useFreshDataDir();
    fake = await startFakeProviders();
    superadmin = await makeUser({ isSuperadmin: true });
    platform = await platformTokenOf(superadmin.id);
    instanceId = (await makeInstance("LLM config")).id;
    const admin = await makeUser({ instanceId, role: "admin" });
    adminToken = (await mint(instanceId, { userId: admin.id, role: "admin", isSuperadmin: false }, { scopes: ["endpoints:read"] })).token;
    const owner = await makeUser({ instanceId, role: "owner", isSuperadmin: true });
    superadminWorkspaceToken = (await mint(instanceId, { userId: owner.id, role: "owner", isSuperadmin: true }, { scopes: ["endpoints:read"] })).token;
  });
  afterAll(async () => {
    await fake?.close();
    process.env.PENAXTRA_EGRESS_ALLOW = saved;
    resetConfigForTests();
    tripwire.remove();
    expect(tripwire.refused).toEqual([]);
  });

  const handlers = {
    GET: configRoute.GET,
    POST: configRoute.POST,
    PATCH: configRoute.PATCH,
    DELETE: configRoute.DELETE,
    TEST: testRoute.POST,
  } as const;

  async function send(verb: keyof typeof handlers, body?: unknown, who: Caller = { token: platform }): Promise<Answer> {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers["content-type"] = "application/json";
    // A browser's request to the console carries its Host; Origin is what the tests vary.
    if (who.cookie) Object.assign(headers, { cookie: who.cookie, host: "localhost" });
    if (who.origin) headers.origin = who.origin;
    if (who.instance) headers["x-instance-id"] = who.instance;
    const res = await call(handlers[verb], {
      path: verb === "TEST" ? "/api/v2/llm-config/test-connection" : "/api/v2/llm-config/",
      method: verb === "TEST" ? "POST" : verb,
      token: who.token,
      ip: freshIp(),
      headers,
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
    const text = await res.text();
    answers.push(text);
    return { status: res.status, body: text ? JSON.parse(text) : undefined, text };
  }

  const anthropic = (more: Record<string, unknown> = {}) => ({ provider: "anthropic", model: FAKE_MODELS.anthropic, api_key: key, base_url: fake.baseUrl("anthropic"), ...more });

  describe("each seed example answers as written (control plane)", () => {
    it("GET is null before a configuration exists", async () => {
      expect(await send("GET")).toMatchObject({ status: 200, text: "null" });
    });

    it("POST creates it: 201 with the masked key, instance_id null, never the key", async () => {
      const created = await send("POST", anthropic());
      expect(created.status).toBe(201);
      const view = llmConfigViewSchema.parse(created.body);
      expect(view).toMatchObject({ provider: "anthropic", model: FAKE_MODELS.anthropic, instance_id: null, base_url: fake.baseUrl("anthropic") });
      expect(view.api_key_masked).toBe(`sk-ant-...${key.slice(-4)}`);
      expect(view.id).toMatch(/^llm_/);
      expect(Object.keys(created.body as object).sort()).toEqual(["api_key_masked", "base_url", "created_at", "id", "instance_id", "model", "provider", "updated_at"]);
      expect(await send("GET")).toMatchObject({ status: 200, body: view });
    });

    it("POST again for the same scope is 409", async () => {
      expect(await send("POST", anthropic())).toMatchObject({ status: 409, body: { code: "already_exists" } });
    });

    it("PATCH changes only what is sent; a new api_key changes the mask", async () => {
      const before = llmConfigViewSchema.parse((await send("GET")).body);
      const patched = await send("PATCH", { model: "claude-opus-4-1" });
      expect(patched.status).toBe(200);
      expect(patched.body).toMatchObject({ ...before, model: "claude-opus-4-1", updated_at: expect.any(String) });
      const rekeyed = await send("PATCH", { model: FAKE_MODELS.anthropic, api_key: FAKE_PROVIDER_KEY });
      expect(rekeyed.body).toMatchObject({ model: FAKE_MODELS.anthropic, api_key_masked: `sk-fake...${FAKE_PROVIDER_KEY.slice(-4)}` });
    });

    it("test-connection answers 200 { success, provider, model, message }", async () => {
      const tested = await send("TEST");
      expect(tested.status).toBe(200);
      expect(connectionResultSchema.parse(tested.body)).toEqual({ success: true, provider: "anthropic", model: FAKE_MODELS.anthropic, message: "Connection successful" });
      const sent = fake.received.at(-1)!;
      expect(sent).toMatchObject({ family: "anthropic", method: "GET", path: "/v1/models?limit=1000" });
      expect(sent.headers["x-api-key"]).toBe(FAKE_PROVIDER_KEY);
    });

    it("test-connection with a refused key is still 200, success false, with the reason first", async () => {
      await send("PATCH", { api_key: key });
      const tested = await send("TEST");
      expect(tested).toMatchObject({ status: 200, body: { success: false, provider: "anthropic", message: "invalid_api_key: the provider refused the key (HTTP 401)" } });
    });

    it("DELETE removes it (204), then GET is null and DELETE, PATCH and test-connection are 404", async () => {
      expect(await send("DELETE")).toMatchObject({ status: 204, text: "" });
      expect(await send("GET")).toMatchObject({ status: 200, text: "null" });
      expect(await send("DELETE")).toMatchObject({ status: 404, body: { code: "not_found" } });
      expect(await send("PATCH", { model: "x" })).toMatchObject({ status: 404, body: { code: "not_found" } });
      expect(await send("TEST")).toMatchObject({ status: 404, body: { code: "not_found" } });
    });
  });

  describe("scope: X-Instance-Id picks the instance, without it the control plane", () => {
    it("keeps the instance's configuration apart from the control plane's", async () => {
      const own = await send("POST", anthropic({ model: "claude-instance" }), { token: platform, instance: instanceId });
      expect(own).toMatchObject({ status: 201, body: { instance_id: instanceId, model: "claude-instance" } });
      expect(await send("GET")).toMatchObject({ text: "null" });
      const global = await send("POST", { provider: "openai", model: "gpt-4o", api_key: key });
      expect(global).toMatchObject({ status: 201, body: { instance_id: null, provider: "openai" } });
      expect(await send("GET", undefined, { token: platform, instance: instanceId })).toMatchObject({ body: { model: "claude-instance" } });
      expect(await send("DELETE", undefined, { token: platform, instance: instanceId })).toMatchObject({ status: 204 });
      expect(await send("GET")).toMatchObject({ body: { provider: "openai" } });
      expect(await send("DELETE")).toMatchObject({ status: 204 });
    });

    it("an unknown instance is 404, a malformed one 400", async () => {
      expect(await send("GET", undefined, { token: platform, instance: "ins_AAAAAAAAAAAAAAAAAAAA" })).toMatchObject({ status: 404, body: { code: "not_found" } });
      expect(await send("POST", anthropic(), { token: platform, instance: "ins_AAAAAAAAAAAAAAAAAAAA" })).toMatchObject({ status: 404 });
      expect(await send("GET", undefined, { token: platform, instance: "control-plane" })).toMatchObject({ status: 400, body: { code: "validation_failed" } });
      expect(await send("GET", undefined, { token: platform, instance: "../x" })).toMatchObject({ status: 400 });
    });
  });

  describe("who may call", () => {
    it("a workspace admin's token is 403, with or without X-Instance-Id, and so is a superadmin's workspace token", async () => {
      expect(await send("GET", undefined, { token: adminToken, instance: instanceId })).toMatchObject({ status: 403, body: { code: "superadmin_required" } });
      expect(await send("POST", anthropic(), { token: adminToken })).toMatchObject({ status: 403, body: { code: "superadmin_required" } });
      expect(await send("GET", undefined, { token: superadminWorkspaceToken })).toMatchObject({ status: 403, body: { code: "superadmin_required" } });
      expect(await send("GET", undefined, {})).toMatchObject({ status: 401, body: { code: "missing_token" } });
      expect(await db().llmConfig.count()).toBe(0);
    });

    it("a superadmin's session works from the console's own origin; a cross-site Origin is 403", async () => {
      const cookie = await sessionCookieOf(superadmin.id);
      expect(await send("GET", undefined, { cookie })).toMatchObject({ status: 200, text: "null" });
      expect(await send("POST", anthropic(), { cookie, origin: "https://evil.example" })).toMatchObject({ status: 403, body: { code: "cross_site_request" } });
      expect(await send("POST", anthropic(), { cookie })).toMatchObject({ status: 403, body: { code: "cross_site_request" } });
      expect(await db().llmConfig.count()).toBe(0);
      const created = await send("POST", anthropic(), { cookie, origin: "http://localhost", instance: instanceId });
      expect(created).toMatchObject({ status: 201, body: { instance_id: instanceId } });
      expect(await send("DELETE", undefined, { cookie, origin: "http://localhost", instance: instanceId })).toMatchObject({ status: 204 });
    });

    it("a non-superadmin's session is 403", async () => {
      const member = await makeUser({ instanceId, role: "owner" });
      const cookie = await sessionCookieOf(member.id);
      expect(await send("GET", undefined, { cookie, instance: instanceId })).toMatchObject({ status: 403, body: { code: "superadmin_required" } });
    });
  });

  describe("bad input", () => {
    it("an unknown provider is 400 invalid_provider naming the allowed ones", async () => {
      const res = await send("POST", anthropic({ provider: "skynet" }));
      expect(res).toMatchObject({ status: 400, body: { code: "invalid_provider" } });
      for (const p of PROVIDERS) expect((res.body as { detail: string }).detail).toContain(p);
    });

    it.each([
      ["openai_compatible without base_url", { provider: "openai_compatible", model: "m", api_key: key }, "/base_url"],
      ["azure_openai without base_url", { provider: "azure_openai", model: "m", api_key: key }, "/base_url"],
      ["anthropic without api_key", { provider: "anthropic", model: "m" }, "/api_key"],
      ["a model with spaces", { provider: "openai", model: "gpt 4", api_key: key }, "/model"],
      ["a model of 201 characters", { provider: "openai", model: "m".repeat(201), api_key: key }, "/model"],
      ["a key with a newline", { provider: "openai", model: "m", api_key: `${key}\nX-Injected: 1` }, "/api_key"],
      ["a key of 4097 characters", { provider: "openai", model: "m", api_key: "k".repeat(4097) }, "/api_key"],
      ["an ftp base_url", { provider: "openai", model: "m", api_key: key, base_url: "ftp://example.com/v1" }, "/base_url"],
      ["a base_url with a query", { provider: "openai", model: "m", api_key: key, base_url: "https://example.com/v1?x=1" }, "/base_url"],
      ["a base_url with credentials", { provider: "openai", model: "m", api_key: key, base_url: "https://u:p@example.com/v1" }, "/base_url"],
      ["an unknown field", { provider: "openai", model: "m", api_key: key, instance_id: "ins_AAAAAAAAAAAAAAAAAAAA" }, "/instance_id"],
    ])("%s is 400 with the pointer", async (_, body, pointer) => {
      const res = await send("POST", body);
      expect(res).toMatchObject({ status: 400, body: { code: "validation_failed" } });
      expect((res.body as { errors: { pointer: string }[] }).errors.map((e) => e.pointer)).toContain(pointer);
      expect(res.text).not.toContain(key);
    });

    it("refuses NUL anywhere and a body that is not JSON", async () => {
      expect((await send("POST", anthropic({ model: "a\u0000b" }))).status).toBe(400);
      expect((await send("POST", "{not json")).status).toBe(400);
      expect(await db().llmConfig.count()).toBe(0);
    });

    it("ollama may go without a key; PATCH keeps the provider rules on the merged record", async () => {
      const created = await send("POST", { provider: "ollama", model: "llama3", base_url: fake.baseUrl("ollama", "nokey") });
      expect(created).toMatchObject({ status: 201, body: { provider: "ollama", api_key_masked: null } });
      expect(await send("TEST")).toMatchObject({ body: { success: true } });
      expect(await send("PATCH", { provider: "anthropic" })).toMatchObject({ status: 400, body: { errors: [{ pointer: "/api_key" }] } });
      expect(await send("PATCH", { provider: "openai_compatible", api_key: key, base_url: null })).toMatchObject({ status: 400, body: { errors: [{ pointer: "/base_url" }] } });
      expect(await send("PATCH", {})).toMatchObject({ status: 400 });
      expect(await send("GET")).toMatchObject({ body: { provider: "ollama", api_key_masked: null } });
      const switched = await send("PATCH", { provider: "openai_compatible", api_key: key });
      expect(switched).toMatchObject({ status: 200, body: { provider: "openai_compatible", base_url: fake.baseUrl("ollama", "nokey"), api_key_masked: expect.stringMatching(/^sk-ant-\.\.\./) } });
      expect(await send("DELETE")).toMatchObject({ status: 204 });
    });
  });

  describe("egress", () => {
    it.each([
      ["the metadata address", "http://169.254.169.254", "127.0.0.1/32"],
      ["a private address", "http://10.0.0.1:8080", "127.0.0.1/32"],
      ["IPv4-mapped loopback without an allowlist", "http://[::ffff:127.0.0.1]:" + "1", ""],
    ])("a base_url at %s reports egress_blocked and connects nowhere", async (_, base, allow) => {
      process.env.PENAXTRA_EGRESS_ALLOW = allow;
      resetConfigForTests();
      try {
        const before = fake.received.length;
        expect(await send("POST", { provider: "openai_compatible", model: "m", api_key: key, base_url: base })).toMatchObject({ status: 201 });
        const tested = await send("TEST");
        expect(tested).toMatchObject({ status: 200, body: { success: false } });
        expect((tested.body as { message: string }).message).toMatch(/^egress_blocked: /);
        expect(fake.received.length).toBe(before);
        expect(tripwire.refused).toEqual([]);
      } finally {
        process.env.PENAXTRA_EGRESS_ALLOW = "127.0.0.1/32";
        resetConfigForTests();
        await send("DELETE");
      }
    });
  });

  describe("audit and secrecy", () => {
    it("audits every change with the actor and the scope as target", async () => {
      const audited = (await makeInstance("Audited")).id;
      const who = { token: platform, instance: audited };
      await send("POST", anthropic(), who);
      await send("PATCH", { model: "m-2" }, who);
      await send("TEST", undefined, who);
      await send("DELETE", undefined, who);
      await flushAudit();
      const rows = await db().auditEvent.findMany({ where: { instanceId: audited, action: { startsWith: "llm_config." } }, orderBy: { createdAt: "asc" } });
      expect(rows.map((r) => r.action)).toEqual(["llm_config.create", "llm_config.update", "llm_config.test_connection", "llm_config.delete"]);
      for (const r of rows) expect(r).toMatchObject({ actorType: "token", target: audited, status: expect.any(Number) });
      // Requests that reached the handler name their scope; the control plane's are in its own log.
      const plane = await db().auditEvent.findMany({ where: { instanceId: null, action: "llm_config.create", status: { in: [201, 409] } } });
      expect(plane.length).toBeGreaterThan(0);
      expect(plane.map((r) => r.target)).toEqual(plane.map(() => "control-plane"));
      const bySession = await db().auditEvent.findFirst({ where: { action: "llm_config.create", actorType: "user" } });
      expect(bySession).toMatchObject({ actorId: superadmin.id, target: instanceId });
    });

    it("never puts the key in an answer, an audit row, a log line or the stored row", async () => {
      await send("POST", { provider: "gemini", model: FAKE_MODELS.gemini, api_key: key, base_url: fake.baseUrl("gemini", "error") });
      const tested = await send("TEST");
      expect((tested.body as { message: string }).message).toBe("upstream_error: the provider failed (HTTP 500)");
      await send("DELETE");
      await flushAudit();
      const everything = [answers.join("\n"), logged.join("\n"), JSON.stringify(await db().auditEvent.findMany())];
      expect(logged.length).toBeGreaterThan(10);
      for (const text of everything) {
        expect(text).not.toContain(key);
        expect(text).not.toContain(key.slice(13)); // the random part alone
        expect(text).not.toContain("key=");
      }
      await send("POST", anthropic());
      const row = await db().llmConfig.findFirst({ where: { scope: "control-plane" }, omit: { sealedKey: false } });
      expect(row?.sealedKey).toBeTruthy();
      expect(JSON.stringify(row)).not.toContain(key.slice(13));
      await send("DELETE");
    });
  });
});
