import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { describeWithDatabase } from "@/test/db";
import { makeInstance, makeUser } from "@/test/factories";
import { call, freshIp, mint } from "@/test/api";
import { isolatePostgres, useFreshDataDir } from "@/test/secrets";
import { FAKE_KEY, startFakeUpstream } from "@/test/fake-upstream";
import { resetConfigForTests } from "@/lib/config";
import { CLI } from "@/lib/auth/actor";
import { db } from "@/lib/db/client";
import { log } from "@/lib/log";
import { flushAudit } from "@/lib/audit/writer";
import { createSecret } from "@/lib/secrets/service";
import { POST as create } from "@/app/api/v2/endpoints/route";
import { PATCH as patch } from "@/app/api/v2/endpoints/[id]/route";
import { POST as testRoute } from "@/app/api/v2/endpoints/[id]/test/route";
import { createPayload, CONNECTION_DEFAULTS, BASICS_DEFAULTS } from "@/app/(console)/app/[instanceId]/endpoints/form/schemas";
import { createEndpointSchema, endpointViewSchema } from "../schema";
import { endpointTestViewSchema } from "./schema";
import { testDraft } from "./service";

// Endpoints that name a seed-002 API standard instead of auth_header, tested
// through the API against a fake upstream that accepts the key in exactly one
// place per key method (test/fake-upstream.ts). A key sent as a query
// parameter must then be absent from every stored test row, audit row, log
// call and answer.

await isolatePostgres("endpoint_placement");

const LEVELS = ["trace", "debug", "info", "warn", "error", "fatal"] as const;
// A key with characters a query string escapes, so the escaped spelling is searched for too.
const ODD_KEY = `odd key+/=&${FAKE_KEY.slice(-6)}`;

describeWithDatabase("credential placement by API standard", () => {
  let upstream: Awaited<ReturnType<typeof startFakeUpstream>>;
  let instanceId: string;
  let admin: Awaited<ReturnType<typeof makeUser>>;
  let token: string;
  const saved = process.env.PENAXTRA_EGRESS_ALLOW;
  let spies: ReturnType<typeof vi.spyOn>[] = [];
  const answers: string[] = [];

  beforeAll(async () => {
    spies = LEVELS.map((level) => vi.spyOn(log, level));
    answers.length = 0;
    process.env.PENAXTRA_EGRESS_ALLOW = "127.0.0.1/32";
    resetConfigForTests();
    useFreshDataDir();
    upstream = await startFakeUpstream();
    instanceId = (await makeInstance("Placement")).id;
    admin = await makeUser({ instanceId, role: "admin" });
    token = (await mint(instanceId, { userId: admin.id, role: "admin", isSuperadmin: false }, { scopes: ["endpoints:read", "endpoints:write"] })).token;
    await createSecret(instanceId, { name: "fake_key", value: FAKE_KEY }, CLI);
    await createSecret(instanceId, { name: "odd_key", value: ODD_KEY }, CLI);
    // openai (auth_bearer) and gemini (query_param) come with the migration; these two are seed 002's other examples.
    for (const s of [
      { handle: "vllm-local", description: "vLLM local deployment with custom auth", keyMethod: "auth_apikey", keyField: "X-API-Key" },
      { handle: "ollama", description: "Ollama local embedding API, no authentication required", keyMethod: "none", keyField: "" },
    ]) {
      await db().apiStandard.upsert({ where: { handle: s.handle }, create: s, update: s });
    }
  });
  afterAll(async () => {
    spies.forEach((s) => s.mockRestore());
    await upstream?.close();
    process.env.PENAXTRA_EGRESS_ALLOW = saved;
    resetConfigForTests();
  });

  async function send(handler: typeof create, body: unknown, opts: { method?: string; path?: string; params?: Record<string, string> } = {}) {
    const res = await call(handler, {
      path: opts.path ?? "/api/v2/endpoints",
      method: opts.method ?? "POST",
      token,
      ip: freshIp(),
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
      params: opts.params,
    });
    const text = await res.text();
    answers.push(text);
    return { status: res.status, body: JSON.parse(text) as Record<string, unknown> };
  }

  let n = 0;
  async function endpoint(mode: string, auth: Record<string, unknown>) {
    const { status, body } = await send(create, {
      name: `placement ${++n}`,
      url: upstream.url(`/embeddings_v1/${mode}?n=${n}`),
      wire_format: "embeddings_v1",
      model: "embed-1",
      ...auth,
    });
    expect(status, JSON.stringify(body)).toBe(201);
    return endpointViewSchema.parse(body);
  }

  async function run(id: string) {
    const res = await call(testRoute, { path: `/api/v2/endpoints/${id}/test`, method: "POST", token, ip: freshIp(), params: { id } });
    const text = await res.text();
    answers.push(text);
    return endpointTestViewSchema.parse(JSON.parse(text));
  }

  it.each([
    ["auth_bearer", "openai", "bearer", "secret:fake_key"],
    ["auth_apikey", "vllm-local", "x-api-key", "secret:fake_key"],
    ["query_param", "gemini", "query-key", "secret:fake_key"],
    ["none", "ollama", "no-key", undefined],
  ])("%s (%s) passes against an upstream that wants the key exactly there", async (_method, standard, mode, ref) => {
    const ep = await endpoint(mode, { api_standard: standard, ...(ref ? { auth_value_secret_ref: ref } : {}) });
    expect(ep).toMatchObject({ api_standard: standard, auth_header: null, auth_value_secret_ref: ref ?? null });
    const before = upstream.received.length;
    expect(await run(ep.id)).toMatchObject({ verdict: "pass", reason: null, upstream_status: 200 });
    const sent = upstream.received[before];
    if (mode === "bearer") expect(sent.headers.authorization).toBe(`Bearer ${FAKE_KEY}`);
    if (mode === "x-api-key") expect(sent.headers["x-api-key"]).toBe(FAKE_KEY);
    if (mode === "query-key") expect(new URLSearchParams(sent.path.split("?")[1]).get("key")).toBe(FAKE_KEY);
    if (mode === "no-key") expect(sent.headers.authorization).toBeUndefined();
  });

  it("fails each placement against an upstream that wants the key somewhere else", async () => {
    const wrong = await endpoint("bearer", { api_standard: "gemini", auth_value_secret_ref: "secret:fake_key" });
    expect(await run(wrong.id)).toMatchObject({ verdict: "fail", reason: "auth_rejected" });
    const none = await endpoint("query-key", { api_standard: "ollama" });
    expect(await run(none.id)).toMatchObject({ verdict: "fail", reason: "auth_header_missing" });
  });

  it("keeps a query-parameter key out of the stored tests, the audit log, the logs and every answer", async () => {
    // Upstreams that quote the request line back (with ?key=…) and that echo the key into an error.
    for (const mode of ["echo-url", "error", "query-key", "redirect"]) {
      for (const ref of ["secret:fake_key", "secret:odd_key"]) {
        const ep = await endpoint(mode, { api_standard: "gemini", auth_value_secret_ref: ref });
        const result = await run(ep.id);
        expect(result.verdict, `${mode} with ${ref}`).toBe(mode === "query-key" && ref === "secret:fake_key" ? "pass" : "fail");
      }
    }
    expect(upstream.received.some((r) => r.path.includes(`key=${FAKE_KEY}`))).toBe(true); // the key did travel, in the query
    await flushAudit();
    const tests = JSON.stringify(await db().endpointTest.findMany({ where: { instanceId } }));
    const audit = JSON.stringify(await db().auditEvent.findMany({ where: { instanceId } }));
    const logged = JSON.stringify(spies.flatMap((s) => s.mock.calls));
    const spellings = [FAKE_KEY, ODD_KEY, encodeURIComponent(ODD_KEY), new URLSearchParams({ k: ODD_KEY }).toString().slice(2)];
    for (const [where, text] of Object.entries({ tests, audit, logged, answers: answers.join("\n") })) {
      for (const s of spellings) expect(text.includes(s), `${where} holds ${s}`).toBe(false);
    }
    expect(tests).toContain("[redacted]"); // the echoed request line was there, masked
  });

  it("takes api_standard on POST and PATCH: unknown 422, with auth_header 400, the secret as the key method needs", async () => {
    const base = { name: "std", wire_format: "embeddings_v1", model: "m" };
    const post = (more: Record<string, unknown>) => send(create, { ...base, url: upstream.url(`/embeddings_v1/ok?p=${++n}`), ...more });
    const unknown = await post({ api_standard: "no-such-standard", auth_value_secret_ref: "secret:fake_key" });
    expect(unknown).toMatchObject({ status: 422, body: { code: "api_standard_unknown", detail: "API standard 'no-such-standard' not found" } });
    const both = await post({ api_standard: "openai", auth_header: "Authorization", auth_value_secret_ref: "secret:fake_key" });
    expect(both).toMatchObject({ status: 400, body: { code: "validation_failed", errors: [{ pointer: "/api_standard" }] } });
    const keyless = await post({ api_standard: "openai" });
    expect(keyless).toMatchObject({ status: 400, body: { errors: [{ pointer: "/auth_value_secret_ref", code: "required" }] } });
    const needless = await post({ api_standard: "ollama", auth_value_secret_ref: "secret:fake_key" });
    expect(needless).toMatchObject({ status: 400, body: { errors: [{ pointer: "/auth_value_secret_ref" }] } });

    const ep = await endpoint("bearer", { auth_header: "Authorization", auth_value_secret_ref: "secret:fake_key" });
    const opts = { method: "PATCH", path: `/api/v2/endpoints/${ep.id}`, params: { id: ep.id } };
    expect(await send(patch, { api_standard: "nope" }, opts)).toMatchObject({ status: 400, body: { errors: [{ pointer: "/api_standard" }] } });
    expect(await send(patch, { api_standard: "nope", auth_header: null }, opts)).toMatchObject({ status: 422, body: { code: "api_standard_unknown" } });
    const switched = await send(patch, { api_standard: "openai", auth_header: null, dimensions: 8 }, opts);
    expect(switched).toMatchObject({ status: 200, body: { api_standard: "openai", auth_header: null, dimensions: 8 } });
    expect(await run(ep.id)).toMatchObject({ verdict: "pass" });
    expect(await send(patch, { api_standard: "ollama" }, opts)).toMatchObject({ status: 400, body: { errors: [{ pointer: "/auth_value_secret_ref" }] } });
    const back = await send(patch, { api_standard: null, auth_header: "Authorization" }, opts);
    expect(back).toMatchObject({ status: 200, body: { api_standard: null, auth_header: "Authorization" } });
  });

  it("places the key the same way for the wizard: its payload, its draft test", async () => {
    const connection = { ...CONNECTION_DEFAULTS, url: upstream.url("/embeddings_v1/query-key"), wire_format: "embeddings_v1" as const, model: "m", dimensions: 8 };
    const both = createPayload({ ...BASICS_DEFAULTS, name: "wizard" }, { ...connection, auth_header: "Authorization", api_standard: "gemini", auth_value_secret_ref: "secret:fake_key" });
    expect(both).toEqual({ ok: false, step: 2 });
    const payload = createPayload({ ...BASICS_DEFAULTS, name: "wizard" }, { ...connection, auth_header: null, api_standard: "gemini", auth_value_secret_ref: "secret:fake_key" });
    if (!payload.ok) throw new Error("the wizard refused a valid connection");
    expect(payload.value).toMatchObject({ api_standard: "gemini", dimensions: 8, auth_value_secret_ref: "secret:fake_key" });
    const draft = createEndpointSchema.parse(payload.value);
    const before = upstream.received.length;
    const result = await testDraft(instanceId, { ...draft, auth_header: null, auth_value_secret_ref: draft.auth_value_secret_ref ?? null, request_template: null, response_path: null }, admin);
    expect(result).toMatchObject({ verdict: "pass" });
    expect(upstream.received[before].path).toContain(`key=${FAKE_KEY}`);
  });
});
