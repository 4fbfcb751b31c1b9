import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeWithDatabase } from "@/test/db";
import { makeInstance, makeUser } from "@/test/factories";
import { callRoute, mint, succeed } from "@/test/api";
import { isolatePostgres, useFreshDataDir } from "@/test/secrets";
import { startFakeUpstream } from "@/test/fake-upstream";
import { resetConfigForTests } from "@/lib/config";
import { flushAudit } from "@/lib/audit/writer";
import { db } from "@/lib/db/client";
import { mintPlatformToken } from "@/lib/tokens/platform";
import { createPlatformTokenSchema } from "@/lib/tokens/schema";
import { ROUTES } from "./registry";
import type { AnyRoute } from "./route";

// Every live route, called once through its real handler with a valid token on
// both databases, its answer held to its declaration by callRoute (test/api.ts):
// the declared status, a body its response schema accepts, and no field the
// schema lacks. A route added to ROUTES without a case here fails the first test.

await isolatePostgres("openapi_responses");

type Handler = Parameters<typeof callRoute>[1];
type Opts = NonNullable<Parameters<typeof callRoute>[2]>;

/** The route file a declaration lives in: /api/v2/endpoints/{id} → app/api/v2/endpoints/[id]/route.ts. */
async function handlerOf(spec: AnyRoute): Promise<Handler> {
  const file = path.join(process.cwd(), "app", ...spec.path.replace(/\{(\w+)\}/g, "[$1]").split("/"), "route.ts");
  const mod = (await import(/* @vite-ignore */ file)) as Record<string, Handler | undefined>;
  const handler = mod[spec.method.toUpperCase()];
  if (!handler) throw new Error(`${file} exports no ${spec.method.toUpperCase()}`);
  return handler;
}

type State = { token: string; platformToken: string; upstream: string; endpointId?: string; auditId?: string; dlpRuleId?: string; ownerHandle?: string; samples: Map<string, unknown> };
type Case = { request?: (s: State) => Opts; check?: (body: never, s: State) => void | Promise<void> };
function need(value: string | undefined, what: string): string {
  if (!value) throw new Error(`${what} is made by an earlier case, which failed`);
  return value;
}
const nonEmpty = (body: { data: unknown[] }) => expect(body.data.length, "a list case needs an item, or a stray field in items goes unseen").toBeGreaterThan(0);

/** One call per route, in an order that makes what later calls read (deletes last). */
const CASES: [operationId: string, Case][] = [
  ["getHealth", { check: (body: { status: string }) => expect(body.status).toBe("ok") }],
  ["getOpenApiDocument", { check: (body: { openapi: string }) => expect(body.openapi).toBe("3.1.0") }],
  [
    "getBenchBaseline",
    {
      // The route answers 404 unless the benchmark turned it on.
      request: () => {
        process.env.PENAXTRA_BENCH = "1";
        return { query: { bytes: "100" } };
      },
      check: (body: { padding: string }) => {
        delete process.env.PENAXTRA_BENCH;
        expect(JSON.stringify(body).length).toBe(100);
      },
    },
  ],
  ["getTokenSelf", {}],
  [
    "createEndpoint",
    {
      request: (s) => ({
        body: { name: "Responses check", url: `${s.upstream}/chat_completions_v1/ok`, wire_format: "chat_completions_v1", model: "m-1", tags: ["contract"], description: "every field" },
      }),
      check: (body: { id: string }, s) => void (s.endpointId = body.id),
    },
  ],
  ["listEndpoints", { request: () => ({ query: { limit: "5" } }), check: nonEmpty }],
  ["getEndpoint", { request: (s) => ({ params: { id: need(s.endpointId, "the endpoint") } }) }],
  ["updateEndpoint", { request: (s) => ({ params: { id: need(s.endpointId, "the endpoint") }, body: { tags: ["contract", "patched"] } }) }],
  ["testEndpoint", { request: (s) => ({ params: { id: need(s.endpointId, "the endpoint") } }), check: (body: { verdict: string }) => expect(body.verdict).toBe("pass") }],
  ["listEndpointTests", { request: (s) => ({ params: { id: need(s.endpointId, "the endpoint") } }), check: nonEmpty }],
  ["createDlpRule", { request: () => ({ body: { name: "Project codename", pattern: "(?i)bluebird-\\d+", action: "report" } }), check: (body: { id: string }, s) => void (s.dlpRuleId = body.id) }],
  ["listDlpRules", { check: nonEmpty }],
  ["getDlpRule", { request: (s) => ({ params: { id: need(s.dlpRuleId, "the DLP rule") } }) }],
  ["updateDlpRule", { request: (s) => ({ params: { id: need(s.dlpRuleId, "the DLP rule") }, body: { enabled: false } }) }],
  ["deleteDlpRule", { request: (s) => ({ params: { id: need(s.dlpRuleId, "the DLP rule") } }) }],
  [
    "putLlmService",
    {
      request: (s) => ({
        params: { owner: need(s.ownerHandle, "the owner's handle"), instanceHandle: "responses-check" },
        body: { instance_handle: "responses-check", endpoint: `${s.upstream}/embeddings_v1/bearer`, api_standard: "openai", model: "embed-1", dimensions: 8, api_key_encrypted: "sk-responses-check-0000000000" },
      }),
    },
  ],
  ["getLlmService", { request: (s) => ({ params: { owner: need(s.ownerHandle, "the owner's handle"), instanceHandle: "responses-check" } }) }],
  ["listLlmServices", { request: (s) => ({ params: { owner: need(s.ownerHandle, "the owner's handle") } }), check: (body: { instances: unknown[] }) => expect(body.instances).toHaveLength(1) }],
  ["deleteLlmService", { request: (s) => ({ params: { owner: need(s.ownerHandle, "the owner's handle"), instanceHandle: "responses-check" } }) }],
  ["deleteEndpoint", { request: (s) => ({ params: { id: need(s.endpointId, "the endpoint") } }) }],
  [
    "listAuditEvents",
    {
      request: () => ({ query: { limit: "50" } }),
      check: (body: { data: { id: string }[] }, s) => {
        nonEmpty(body);
        s.auditId = body.data[0].id;
      },
    },
  ],
  ["getAuditEvent", { request: (s) => ({ params: { id: need(s.auditId, "an audit event") } }) }],
  ["createLlmConfig", { request: (s) => ({ body: { provider: "anthropic", model: "m-1", api_key: "sk-ant-responses-check-0000", base_url: `${s.upstream}/llm` } }) }],
  ["getLlmConfig", { check: (body: { provider: string } | null) => expect(body?.provider).toBe("anthropic") }],
  ["updateLlmConfig", { request: () => ({ body: { model: "m-2" } }) }],
  ["testLlmConnection", { check: (body: { success: boolean }) => expect(body.success).toBe(false) }], // the fake upstream lists no models
  ["deleteLlmConfig", {}],
  ["createApiStandard", { request: () => ({ body: { api_standard_handle: "responses-check", description: "Responses check", key_method: "auth_apikey", key_field: "X-API-Key" } }) }],
  ["listApiStandards", { check: (body: { standards: unknown[] }) => expect(body.standards.length).toBeGreaterThan(3) }],
  ["getApiStandard", { request: () => ({ params: { handle: "responses-check" } }) }],
  ["putApiStandard", { request: () => ({ params: { handle: "responses-check" }, body: { api_standard_handle: "responses-check", description: "Replaced", key_method: "query_param", key_field: "key" } }) }],
  ["patchApiStandard", { request: () => ({ params: { handle: "responses-check" }, body: { description: "Patched" } }) }],
  ["deleteApiStandard", { request: () => ({ params: { handle: "responses-check" } }) }],
];

describeWithDatabase("every route's real answers match its declared response", () => {
  const state: State = { token: "", platformToken: "", upstream: "", samples: new Map() };
  let upstream: Awaited<ReturnType<typeof startFakeUpstream>>;
  const saved = process.env.PENAXTRA_EGRESS_ALLOW;

  beforeAll(async () => {
    // The endpoint test calls a fake upstream on loopback, which the egress guard refuses unless admitted.
    process.env.PENAXTRA_EGRESS_ALLOW = "127.0.0.1/32";
    resetConfigForTests();
    useFreshDataDir();
    upstream = await startFakeUpstream();
    state.upstream = upstream.url("").replace(/\/$/, "");
    const instanceId = (await makeInstance("Responses")).id;
    const admin = await makeUser({ instanceId, role: "admin" });
    state.ownerHandle = (await db().user.findUniqueOrThrow({ where: { id: admin.id }, select: { handle: true } })).handle;
    state.token = (await mint(instanceId, { userId: admin.id, role: "admin", isSuperadmin: false }, { scopes: ["endpoints:read", "endpoints:write", "audit:read"] })).token;
    const superadmin = await makeUser({ isSuperadmin: true });
    state.platformToken = (await mintPlatformToken({ userId: superadmin.id, isSuperadmin: true }, createPlatformTokenSchema.parse({ name: "responses" }))).token;
  });
  afterAll(async () => {
    await flushAudit(); // the last requests' audit rows, written before the database closes
    await upstream?.close();
    process.env.PENAXTRA_EGRESS_ALLOW = saved;
    resetConfigForTests();
  });

  it("has a case for every route in ROUTES", () => {
    const cased = new Set(CASES.map(([id]) => id));
    expect(ROUTES.map((r) => r.operationId).filter((id) => !cased.has(id))).toEqual([]);
  });

  for (const [operationId, { request, check }] of CASES) {
    const spec = ROUTES.find((r) => r.operationId === operationId);
    if (!spec) continue; // a case for a route not live (yet) in this tree
    it(`${spec.method.toUpperCase()} ${spec.path} answers ${spec.response.status} with its declared body`, async () => {
      if (operationId === "listAuditEvents") await flushAudit();
      const body = await succeed(spec, await handlerOf(spec), { token: spec.auth === "token" ? state.token : spec.auth === "superadmin" ? state.platformToken : undefined, ...request?.(state) });
      if (spec.response.status === 204) expect(body).toBeUndefined();
      state.samples.set(operationId, body);
      await check?.(body as never, state);
    });
  }

  it("fails an answer with a field its schema lacks, at any depth, whether the schema is strict or would strip it", async () => {
    const list = ROUTES.find((r) => r.operationId === "listEndpoints")!;
    const sample = state.samples.get("listEndpoints") as { data: Record<string, unknown>[] };
    const answer = (body: unknown): Handler => async () => Response.json(body);
    await expect(succeed(list, answer(sample), { token: state.token })).resolves.toEqual(sample);
    await expect(succeed(list, answer({ ...sample, total: 1 }), { token: state.token })).rejects.toThrow(/fields its declared schema lacks: \/total/);
    const leaky = { ...sample, data: [{ ...sample.data[0], auth_value: "sk-live-123" }] };
    await expect(succeed(list, answer(leaky), { token: state.token })).rejects.toThrow(/auth_value/); // a strict item schema refuses it, a stripping one leaves it to extraFields
    await expect(succeed(list, answer({ data: [{ id: 1 }], next_cursor: null }), { token: state.token })).rejects.toThrow(/declared schema refuses/);
  });

  it("holds error answers to problem+json with a code of their status", async () => {
    const get = ROUTES.find((r) => r.operationId === "getEndpoint")!;
    const missing = await callRoute(get, await handlerOf(get), { token: state.token, params: { id: "ep_doesnotexist" } });
    expect(missing).toMatchObject({ kind: "problem", status: 404, problem: { code: "not_found" } });
    const anonymous = await callRoute(get, await handlerOf(get), { params: { id: "ep_doesnotexist" } });
    expect(anonymous).toMatchObject({ kind: "problem", status: 401, problem: { code: "missing_token" } });
    const wrong = async () => new Response(JSON.stringify({ status: 404, code: "url_duplicate" }), { status: 404, headers: { "content-type": "application/problem+json" } });
    await expect(callRoute(get, wrong, { token: state.token, params: { id: "x" } })).rejects.toThrow(/malformed problem/);
  });
});
