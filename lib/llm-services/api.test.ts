import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { describeWithDatabase } from "@/test/db";
import { makeInstance, makeUser } from "@/test/factories";
import { call, freshIp, mint } from "@/test/api";
import { isolatePostgres, useFreshDataDir } from "@/test/secrets";
import { FAKE_KEY, startFakeUpstream } from "@/test/fake-upstream";
import { resetConfigForTests } from "@/lib/config";
import { CLI } from "@/lib/auth/actor";
import { db } from "@/lib/db/client";
import { flushAudit } from "@/lib/audit/writer";
import { log } from "@/lib/log";
import { openSecret } from "@/lib/secrets/resolve";
import { createSecret } from "@/lib/secrets/service";
import { GET as readEndpoint } from "@/app/api/v2/endpoints/[id]/route";
import { POST as testEndpoint } from "@/app/api/v2/endpoints/[id]/test/route";
import { GET as list } from "@/app/api/v2/llm-services/[owner]/route";
import { DELETE as remove, GET as read, PUT as put } from "@/app/api/v2/llm-services/[owner]/[instanceHandle]/route";
import { endpointViewSchema } from "@/lib/endpoints/schema";
import { llmServiceListSchema, llmServiceViewSchema } from "./schema";
import { serviceSecretName } from "./service";

// Seed 002's LLM service instances as a client and an attacker see them:
// the route handlers with real tokens, on both databases.

await isolatePostgres("llm_services_api");

// The seed's "Referencing in LLM Service Instance" example, as written.
const SEED_BODY = {
  instance_handle: "my-vllm",
  endpoint: "https://vllm.local/v1/embeddings",
  api_standard: "vllm-local",
  model: "custom-embed",
  dimensions: 768,
  api_key_encrypted: "my-secret-key",
};

type Answer = { status: number; body: Record<string, unknown> };

describeWithDatabase("LLM services API", () => {
  let a: string;
  const tokens: Record<"alice" | "aliceRead" | "carol" | "admin" | "bob", string> = { alice: "", aliceRead: "", carol: "", admin: "", bob: "" };
  let upstream: Awaited<ReturnType<typeof startFakeUpstream>>;
  const saved = process.env.PENAXTRA_EGRESS_ALLOW;
  let spies: ReturnType<typeof vi.spyOn>[] = [];
  const answers: string[] = [];

  async function user(instanceId: string, handle: string, role: "member" | "admin") {
    const u = await makeUser({ instanceId, role });
    await db().user.update({ where: { id: u.id }, data: { handle } });
    return u;
  }

  beforeAll(async () => {
    spies = (["trace", "debug", "info", "warn", "error", "fatal"] as const).map((level) => vi.spyOn(log, level));
    answers.length = 0;
    process.env.PENAXTRA_EGRESS_ALLOW = "127.0.0.1/32";
    resetConfigForTests();
    useFreshDataDir();
    upstream = await startFakeUpstream();
    a = (await makeInstance("A")).id;
    const b = (await makeInstance("B")).id;
    const scopes = { scopes: ["endpoints:read", "endpoints:write"] as const };
    const minter = (u: { id: string }, role: "member" | "admin") => ({ userId: u.id, role, isSuperadmin: false });
    const alice = await user(a, "alice", "member");
    tokens.alice = (await mint(a, minter(alice, "member"), { scopes: [...scopes.scopes] })).token;
    tokens.aliceRead = (await mint(a, minter(alice, "member"), { scopes: ["endpoints:read"] })).token;
    const carol = await user(a, "carol", "member");
    tokens.carol = (await mint(a, minter(carol, "member"), { scopes: [...scopes.scopes] })).token;
    const admin = await user(a, "dana", "admin");
    tokens.admin = (await mint(a, minter(admin, "admin"), { scopes: [...scopes.scopes] })).token;
    const bob = await user(b, "bob", "member");
    tokens.bob = (await mint(b, minter(bob, "member"), { scopes: [...scopes.scopes] })).token;
    // The seed's previous example registers vllm-local (Helper D's API); here it is a row.
    const vllm = { handle: "vllm-local", description: "vLLM local deployment with custom auth", keyMethod: "auth_apikey", keyField: "X-API-Key" };
    await db().apiStandard.upsert({ where: { handle: vllm.handle }, create: vllm, update: vllm });
  });
  afterAll(async () => {
    spies.forEach((spy) => spy.mockRestore());
    await upstream?.close();
    process.env.PENAXTRA_EGRESS_ALLOW = saved;
    resetConfigForTests();
  });

  async function send(handler: typeof put, method: string, path: string, token: string, body?: unknown): Promise<Answer> {
    const [, , , , owner, instanceHandle] = path.split("/");
    const res = await call(handler, {
      path,
      method,
      token,
      ip: freshIp(),
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
      params: { owner, ...(instanceHandle ? { instanceHandle } : {}) },
    });
    const text = await res.text();
    answers.push(text);
    return { status: res.status, body: JSON.parse(text) as Record<string, unknown> };
  }

  it("answers the seed's curl example: 201, the key sealed as a workspace secret and shown only as a masked hint", async () => {
    const res = await send(put, "PUT", "/api/v2/llm-services/alice/my-vllm", tokens.alice, SEED_BODY);
    expect(res.status).toBe(201);
    const view = llmServiceViewSchema.parse(res.body);
    expect(view).toMatchObject({ owner: "alice", instance_handle: "my-vllm", endpoint: SEED_BODY.endpoint, api_standard: "vllm-local", model: "custom-embed", dimensions: 768, wire_format: "embeddings_v1" });
    expect(view.api_key_encrypted).toBe("••••ey");
    expect(JSON.stringify(res.body)).not.toContain("my-secret-key");
    const name = serviceSecretName("alice", "my-vllm");
    expect((await openSecret(a, name)).value).toBe("my-secret-key");
    // The same record through the endpoints API.
    const ep = await call(readEndpoint, { path: `/api/v2/endpoints/${view.endpoint_id}`, token: tokens.aliceRead, ip: freshIp(), params: { id: view.endpoint_id } });
    expect(endpointViewSchema.parse(await ep.json())).toMatchObject({ name: "my-vllm", service_handle: "my-vllm", api_standard: "vllm-local", dimensions: 768, auth_header: null, auth_value_secret_ref: `secret:${name}` });
    await flushAudit();
    expect(await db().auditEvent.count({ where: { instanceId: a, action: "llm_service.put", target: view.endpoint_id, status: 201 } })).toBe(1);
  });

  it("replaces with 200; without api_key_encrypted the stored key stays", async () => {
    const res = await send(put, "PUT", "/api/v2/llm-services/alice/my-vllm", tokens.alice, { ...SEED_BODY, model: "custom-embed-2", dimensions: null, api_key_encrypted: undefined });
    expect(res).toMatchObject({ status: 200, body: { model: "custom-embed-2", dimensions: null, api_key_encrypted: "••••ey" } });
    const rekeyed = await send(put, "PUT", "/api/v2/llm-services/alice/my-vllm", tokens.alice, { ...SEED_BODY, api_key_encrypted: "sk-proj-abcdefghijklmnopqrstuvwxyz" });
    expect(rekeyed).toMatchObject({ status: 200, body: { api_key_encrypted: "sk-proj...wxyz" } });
    expect((await openSecret(a, serviceSecretName("alice", "my-vllm"))).value).toBe("sk-proj-abcdefghijklmnopqrstuvwxyz");
    expect(await db().secret.count({ where: { instanceId: a, name: { startsWith: "llm-service-alice-" } } })).toBe(1);
  });

  it("reads one and lists the owner's instances with an endpoints:read token", async () => {
    await send(put, "PUT", "/api/v2/llm-services/alice/second", tokens.alice, { ...SEED_BODY, instance_handle: "second", endpoint: "https://vllm.local/v1/embeddings-2" });
    const one = await send(read, "GET", "/api/v2/llm-services/alice/my-vllm", tokens.aliceRead);
    expect(one).toMatchObject({ status: 200, body: { instance_handle: "my-vllm" } });
    const all = await send(list, "GET", "/api/v2/llm-services/alice", tokens.aliceRead);
    expect(all.status).toBe(200);
    expect(llmServiceListSchema.parse(all.body).instances.map((i) => i.instance_handle)).toEqual(["my-vllm", "second"]);
    expect(await send(list, "GET", "/api/v2/llm-services/carol", tokens.aliceRead)).toMatchObject({ status: 200, body: { owner: "carol", instances: [] } });
  });

  it("answers 404 for another instance's owner, for reads and writes alike", async () => {
    await send(put, "PUT", "/api/v2/llm-services/bob/his", tokens.bob, { ...SEED_BODY, instance_handle: "his" });
    expect(await send(read, "GET", "/api/v2/llm-services/bob/his", tokens.alice)).toMatchObject({ status: 404, body: { code: "not_found", detail: "User 'bob' not found" } });
    expect(await send(list, "GET", "/api/v2/llm-services/bob", tokens.alice)).toMatchObject({ status: 404 });
    expect(await send(put, "PUT", "/api/v2/llm-services/bob/his", tokens.admin, { ...SEED_BODY, instance_handle: "his" })).toMatchObject({ status: 404 });
    expect(await send(remove, "DELETE", "/api/v2/llm-services/bob/his", tokens.admin)).toMatchObject({ status: 404 });
    expect(await send(read, "GET", "/api/v2/llm-services/alice/nothing", tokens.alice)).toMatchObject({ status: 404, body: { detail: "LLM service instance 'alice/nothing' not found" } });
  });

  it("lets only the owner or an instance admin write: another member 403, a read token 403 missing_scope", async () => {
    const path = "/api/v2/llm-services/alice/my-vllm";
    expect(await send(put, "PUT", path, tokens.carol, SEED_BODY)).toMatchObject({ status: 403, body: { code: "forbidden" } });
    expect(await send(remove, "DELETE", path, tokens.carol)).toMatchObject({ status: 403, body: { code: "forbidden" } });
    expect(await send(put, "PUT", path, tokens.aliceRead, SEED_BODY)).toMatchObject({ status: 403, body: { code: "missing_scope" } });
    expect(await send(put, "PUT", "/api/v2/llm-services/alice/by-admin", tokens.admin, { ...SEED_BODY, instance_handle: "by-admin", endpoint: "https://vllm.local/admin" })).toMatchObject({ status: 201, body: { owner: "alice" } });
  });

  it("refuses a body handle that is not the path's, an unknown standard, and a missing key", async () => {
    const path = "/api/v2/llm-services/alice/other";
    expect(await send(put, "PUT", path, tokens.alice, SEED_BODY)).toMatchObject({ status: 400, body: { code: "handle_mismatch" } });
    const body = { ...SEED_BODY, instance_handle: "other", endpoint: "https://vllm.local/other" };
    expect(await send(put, "PUT", path, tokens.alice, { ...body, api_standard: "nope" })).toMatchObject({ status: 422, body: { code: "api_standard_unknown", detail: "API standard 'nope' not found" } });
    expect(await send(put, "PUT", path, tokens.alice, { ...body, api_key_encrypted: undefined })).toMatchObject({ status: 400, body: { errors: [{ pointer: "/api_key_encrypted" }] } });
    expect(await send(put, "PUT", path, tokens.alice, { ...body, extra: 1 })).toMatchObject({ status: 400, body: { code: "validation_failed" } });
    const duplicate = await send(put, "PUT", path, tokens.alice, { ...body, endpoint: SEED_BODY.endpoint });
    expect(duplicate).toMatchObject({ status: 409, body: { code: "url_duplicate" } });
    expect(await db().secret.count({ where: { instanceId: a, name: serviceSecretName("alice", "other") } })).toBe(0); // the key of a failed write is not kept
  });

  it("never overwrites a secret squatting on the service's secret name", async () => {
    const name = serviceSecretName("alice", "squatted");
    await createSecret(a, { name, value: "someone-elses-value" }, CLI);
    const res = await send(put, "PUT", "/api/v2/llm-services/alice/squatted", tokens.alice, { ...SEED_BODY, instance_handle: "squatted", endpoint: "https://vllm.local/squatted" });
    expect(res).toMatchObject({ status: 409, body: { code: "already_exists" } });
    expect((await openSecret(a, name)).value).toBe("someone-elses-value");
  });

  it("is testable through the endpoints API, with the key where the standard puts it", async () => {
    const res = await send(put, "PUT", "/api/v2/llm-services/alice/local", tokens.alice, {
      ...SEED_BODY,
      instance_handle: "local",
      endpoint: upstream.url("/embeddings_v1/x-api-key"),
      dimensions: 16,
      api_key_encrypted: FAKE_KEY,
    });
    const id = String(res.body.endpoint_id);
    const before = upstream.received.length;
    const tested = await call(testEndpoint, { path: `/api/v2/endpoints/${id}/test`, method: "POST", token: tokens.alice, ip: freshIp(), params: { id } });
    expect(await tested.json()).toMatchObject({ verdict: "pass", endpoint_id: id });
    expect(upstream.received[before].headers["x-api-key"]).toBe(FAKE_KEY);
    expect(JSON.parse(upstream.received[before].body)).toMatchObject({ model: "custom-embed", dimensions: 16 });
  });

  it("deletes the instance and its key's secret", async () => {
    const res = await send(remove, "DELETE", "/api/v2/llm-services/alice/second", tokens.alice);
    expect(res).toMatchObject({ status: 200, body: { message: "LLM service instance 'alice/second' deleted successfully" } });
    expect(await send(read, "GET", "/api/v2/llm-services/alice/second", tokens.alice)).toMatchObject({ status: 404 });
    expect(await db().secret.count({ where: { instanceId: a, name: serviceSecretName("alice", "second") } })).toBe(0);
    await flushAudit();
    expect(await db().auditEvent.count({ where: { instanceId: a, action: "llm_service.delete", status: 200 } })).toBe(1);
  });

  it("keeps every key it was given out of the database in clear, the logs and every answer", async () => {
    await flushAudit();
    const tables = await db().$queryRawUnsafe<{ table_name: string }[]>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`,
    );
    const dump: string[] = [];
    for (const { table_name } of tables) {
      const rows = await db().$queryRawUnsafe<{ row: string }[]>(`SELECT t::text AS row FROM "${table_name}" AS t`);
      dump.push(...rows.map((r) => r.row));
    }
    const places = { database: dump.join("\n"), logs: JSON.stringify(spies.flatMap((spy) => spy.mock.calls)), answers: answers.join("\n") };
    for (const key of ["my-secret-key", "sk-proj-abcdefghijklmnopqrstuvwxyz", FAKE_KEY]) {
      for (const [where, text] of Object.entries(places)) expect(text.includes(key), `${key} in ${where}`).toBe(false);
    }
  });
});
