import { beforeAll, describe, expect, it } from "vitest";
import { describeWithDatabase } from "@/test/db";
import { makeInstance, makeUser } from "@/test/factories";
import { call, freshIp, mint } from "@/test/api";
import { canary, isolatePostgres, useFreshDataDir } from "@/test/secrets";
import { CLI } from "@/lib/auth/actor";
import { db } from "@/lib/db/client";
import { flushAudit } from "@/lib/audit/writer";
import { createSecret } from "@/lib/secrets/service";
import { GET as list, POST as create } from "@/app/api/v2/endpoints/route";
import { DELETE as remove, GET as read, PATCH as patch } from "@/app/api/v2/endpoints/[id]/route";
import { endpointPageSchema, endpointViewSchema, WIRE_FORMATS } from "./schema";

// The endpoints API of seed 000, as a client and an attacker see it: route
// handlers called with real tokens on both databases. Every success answer is
// checked against the route's declared response schema.

await isolatePostgres("endpoints_api");

const SEED_BODY = {
  name: "Production customer chatbot",
  url: "https://api.upstream-llm.example/v1/chat/completions",
  wire_format: "chat_completions_v1",
  model: "model-name-from-provider",
  auth_header: "Authorization",
  auth_value_secret_ref: "secret:upstream_llm_key",
  owner_user_id: "current",
  tags: ["customer-facing", "kyc"],
};

type Problem = { status: number; code: string; detail: string; errors?: { pointer: string }[]; existing_endpoint_id?: string };

describeWithDatabase("endpoints API", () => {
  let a: string;
  let b: string;
  let adminA: Awaited<ReturnType<typeof makeUser>>;
  let writeA: string;
  let readA: string;
  let writeB: string;

  const send = (handler: typeof create, token: string, opts: { path?: string; method?: string; body?: unknown; raw?: string; params?: Record<string, string> } = {}) =>
    call(handler, {
      path: opts.path ?? "/api/v2/endpoints",
      method: opts.method ?? "POST",
      token,
      ip: freshIp(),
      headers: opts.body !== undefined || opts.raw !== undefined ? { "content-type": "application/json" } : {},
      body: opts.raw ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body)),
      params: opts.params,
    });
  const problem = async (res: Response) => {
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    return (await res.json()) as Problem;
  };
  const url = (host: string, path = "/v1/chat/completions") => `https://${host}${path}`;
  let n = 0;
  const unique = () => `h${++n}-${Math.random().toString(36).slice(2, 8)}.example`;

  beforeAll(async () => {
    useFreshDataDir();
    a = (await makeInstance("A")).id;
    b = (await makeInstance("B")).id;
    adminA = await makeUser({ instanceId: a, role: "admin" });
    const adminB = await makeUser({ instanceId: b, role: "admin" });
    writeA = (await mint(a, { userId: adminA.id, role: "admin", isSuperadmin: false }, { scopes: ["endpoints:read", "endpoints:write"] })).token;
    readA = (await mint(a, { userId: adminA.id, role: "admin", isSuperadmin: false }, { scopes: ["endpoints:read"] })).token;
    writeB = (await mint(b, { userId: adminB.id, role: "admin", isSuperadmin: false }, { scopes: ["endpoints:read", "endpoints:write"] })).token;
    await createSecret(a, { name: "upstream_llm_key", value: canary("ep") }, CLI);
    await createSecret(b, { name: "b_only", value: canary("b") }, CLI);
  });

  it("creates the seed's example: 201 with the seed's fields and the stored ones, never a secret value", async () => {
    const res = await send(create, writeA, { body: SEED_BODY });
    expect(res.status).toBe(201);
    const body = endpointViewSchema.parse(await res.json());
    expect(body).toMatchObject({
      name: SEED_BODY.name,
      url: SEED_BODY.url,
      wire_format: "chat_completions_v1",
      model: SEED_BODY.model,
      status: "active",
      auth_header: "Authorization",
      auth_value_secret_ref: "secret:upstream_llm_key",
      owner_user_id: adminA.id,
      tags: ["customer-facing", "kyc"],
    });
    expect(body.id).toMatch(/^ep_[0-9A-Za-z]{20}$/);
    expect(new Date(body.created_at).toISOString()).toBe(body.created_at);
    expect(JSON.stringify(body)).not.toContain("pnx-canary");
    await flushAudit();
    const audit = await db().auditEvent.findFirst({ where: { instanceId: a, action: "endpoint.create", target: body.id } });
    expect(audit).toMatchObject({ status: 201, method: "POST", path: "/api/v2/endpoints" });
  });

  describe("the seed's error table", () => {
    it("400 invalid_wire_format names every format POST accepts: the seed's four and embeddings_v1", async () => {
      const p = await problem(await send(create, writeA, { body: { ...SEED_BODY, url: url(unique()), wire_format: "grpc_v9" } }));
      expect(p).toMatchObject({ status: 400, code: "invalid_wire_format" });
      expect(p.detail).toBe("wire_format must be one of: chat_completions_v1, text_completions_v1, messages_v1, custom_template, embeddings_v1");
      for (const f of WIRE_FORMATS) {
        const custom = f === "custom_template" ? { request_template: { input: "{{prompt}}" }, response_path: "$.output" } : {};
        expect((await send(create, writeA, { body: { ...SEED_BODY, url: url(unique()), wire_format: f, ...custom } })).status, f).toBe(201);
      }
      expect(p.errors?.[0].pointer).toBe("/wire_format");
      const q = await problem(await send(list, readA, { method: "GET", path: "/api/v2/endpoints?wire_format=nope" }));
      expect(q).toMatchObject({ status: 400, code: "invalid_wire_format" });
    });

    it("403 missing_scope for a token without endpoints:write", async () => {
      const p = await problem(await send(create, readA, { body: { ...SEED_BODY, url: url(unique()) } }));
      expect(p).toMatchObject({ status: 403, code: "missing_scope" });
    });

    it("409 url_duplicate on the normalised URL, naming the existing endpoint; PATCH on it works", async () => {
      const host = unique();
      const first = (await (await send(create, writeA, { body: { ...SEED_BODY, url: url(host) } })).json()) as { id: string };
      for (const spelling of [`HTTPS://${host.toUpperCase()}/v1/chat/completions`, `https://${host}:443/v1/chat/completions/`, `https://${host}/v1/chat/completions//`]) {
        const p = await problem(await send(create, writeA, { body: { ...SEED_BODY, url: spelling } }));
        expect(p).toMatchObject({ status: 409, code: "url_duplicate", existing_endpoint_id: first.id });
        expect(p.detail).toContain("use PATCH to update the existing record");
      }
      // A different query string is a different endpoint (Azure's ?api-version=).
      expect((await send(create, writeA, { body: { ...SEED_BODY, url: `${url(host)}?api-version=2024-10-21` } })).status).toBe(201);
      const res = await send(patch, writeA, { method: "PATCH", path: `/api/v2/endpoints/${first.id}`, params: { id: first.id }, body: { model: "newer-model", tags: ["kyc"] } });
      expect(res.status).toBe(200);
      expect(endpointViewSchema.parse(await res.json())).toMatchObject({ id: first.id, model: "newer-model", tags: ["kyc"] });
    });

    it("422 secret_ref_unknown for a missing secret and for another instance's secret", async () => {
      for (const ref of ["secret:nope", "secret:b_only"]) {
        const p = await problem(await send(create, writeA, { body: { ...SEED_BODY, url: url(unique()), auth_value_secret_ref: ref } }));
        expect(p).toMatchObject({ status: 422, code: "secret_ref_unknown" });
      }
    });
  });

  describe("validation", () => {
    it.each([
      ["an unknown field", { evil: true }, "/evil"],
      ["more than 20 tags", { tags: Array.from({ length: 21 }, (_, i) => `t${i}`) }, "/tags"],
      ["a tag over 40 characters", { tags: ["x".repeat(41)] }, "/tags/0"],
      ["a tag with capitals or spaces", { tags: ["Not OK"] }, "/tags/0"],
      ["a name over 120 characters", { name: "n".repeat(121) }, "/name"],
      ["userinfo in the URL", { url: "https://user:pw@api.example/v1" }, "/url"],
      ["a fragment", { url: "https://api.example/v1#x" }, "/url"],
      ["ftp", { url: "ftp://api.example/v1" }, "/url"],
      ["plain http to a host the egress allowlist does not admit", { url: "http://api.example/v1" }, "/url"],
      ["an auth header without a secret", { auth_value_secret_ref: undefined }, "/auth_value_secret_ref"],
      ["a template on a non-template format", { request_template: { p: "{{prompt}}" } }, "/request_template"],
      ["an owner outside the instance", { owner_user_id: "usr_00000000000000000000" }, "/owner_user_id"],
    ])("refuses %s with 400 and a pointer", async (_label, change, pointer) => {
      const body = { ...SEED_BODY, url: url(unique()), ...change };
      const p = await problem(await send(create, writeA, { body }));
      expect(p.status).toBe(400);
      expect(p.code).toBe("validation_failed");
      expect(p.errors?.map((e) => e.pointer)).toContain(pointer);
    });

    it("needs request_template and response_path for custom_template, and checks them", async () => {
      const base = { ...SEED_BODY, url: url(unique()), wire_format: "custom_template" };
      expect((await problem(await send(create, writeA, { body: base }))).errors?.map((e) => e.pointer)).toEqual(expect.arrayContaining(["/request_template", "/response_path"]));
      const bad = await problem(await send(create, writeA, { body: { ...base, request_template: { q: "{{secret}}" }, response_path: "output.text" } }));
      expect(bad.errors?.map((e) => e.pointer)).toEqual(expect.arrayContaining(["/request_template", "/response_path"]));
      const ok = await send(create, writeA, { body: { ...base, request_template: { input: { text: "{{prompt}}", model: "{{model}}" } }, response_path: "$.results[0].text" } });
      expect(ok.status).toBe(201);
    });

    it("drops the template and path when a PATCH leaves custom_template", async () => {
      const base = { ...SEED_BODY, url: url(unique()), wire_format: "custom_template", request_template: { q: "{{prompt}}" }, response_path: "$.a" };
      const ep = (await (await send(create, writeA, { body: base })).json()) as { id: string };
      const res = await send(patch, writeA, { method: "PATCH", path: `/api/v2/endpoints/${ep.id}`, params: { id: ep.id }, body: { wire_format: "messages_v1" } });
      expect(res.status).toBe(200);
      expect(endpointViewSchema.parse(await res.json())).toMatchObject({ wire_format: "messages_v1", request_template: null, response_path: null });
      expect(await db().endpoint.findUnique({ where: { id: ep.id }, select: { requestTemplate: true } })).toEqual({ requestTemplate: null });
    });

    it("answers malformed JSON with 400 and a 1 MiB body with 413, writing nothing", async () => {
      const before = await db().endpoint.count({ where: { instanceId: a } });
      expect(await problem(await send(create, writeA, { raw: "{\"name\": " }))).toMatchObject({ status: 400, code: "bad_request" });
      expect(await problem(await send(create, writeA, { raw: JSON.stringify({ ...SEED_BODY, url: url(unique()), description: "x".repeat(1024 * 1024) }) }))).toMatchObject({ status: 413 });
      expect(await db().endpoint.count({ where: { instanceId: a } })).toBe(before);
    });

    it("refuses id, instance_id and created_at in a PATCH (no moving an endpoint to another instance)", async () => {
      const ep = (await (await send(create, writeA, { body: { ...SEED_BODY, url: url(unique()) } })).json()) as { id: string; created_at: string };
      for (const field of [{ id: "ep_00000000000000000000" }, { instance_id: b }, { created_at: "2020-01-01T00:00:00Z" }]) {
        const p = await problem(await send(patch, writeA, { method: "PATCH", path: `/api/v2/endpoints/${ep.id}`, params: { id: ep.id }, body: field }));
        expect(p).toMatchObject({ status: 400, code: "validation_failed" });
        expect(p.errors?.[0].pointer).toBe(`/${Object.keys(field)[0]}`);
      }
      const row = await db().endpoint.findUnique({ where: { id: ep.id } });
      expect(row).toMatchObject({ instanceId: a, createdAt: new Date(ep.created_at) });
    });
  });

  it("keeps tenants apart: instance B's token gets 404 on instance A's endpoint for GET, PATCH and DELETE", async () => {
    const ep = (await (await send(create, writeA, { body: { ...SEED_BODY, url: url(unique()) } })).json()) as { id: string };
    const path = `/api/v2/endpoints/${ep.id}`;
    expect((await problem(await send(read, writeB, { method: "GET", path, params: { id: ep.id } }))).status).toBe(404);
    expect((await problem(await send(patch, writeB, { method: "PATCH", path, params: { id: ep.id }, body: { name: "pwned" } }))).status).toBe(404);
    expect((await problem(await send(remove, writeB, { method: "DELETE", path, params: { id: ep.id } }))).status).toBe(404);
    const page = endpointPageSchema.parse(await (await send(list, writeB, { method: "GET", path: "/api/v2/endpoints?limit=100" })).json());
    expect(page.data.map((e) => e.id)).not.toContain(ep.id);
    expect(await db().endpoint.findUnique({ where: { id: ep.id } })).toMatchObject({ name: SEED_BODY.name });
  });

  it("lets exactly one of 20 concurrent creates of one URL win: one 201, nineteen 409, no 500", async () => {
    const body = { ...SEED_BODY, url: url(unique()) };
    const answers = await Promise.all(Array.from({ length: 20 }, () => send(create, writeA, { body }).then(async (r) => ({ status: r.status, body: (await r.json()) as { id?: string; code?: string; existing_endpoint_id?: string } }))));
    const winner = answers.filter((r) => r.status === 201);
    expect(winner).toHaveLength(1);
    const losers = answers.filter((r) => r.status === 409);
    expect(losers).toHaveLength(19);
    for (const l of losers) expect(l.body).toMatchObject({ code: "url_duplicate", existing_endpoint_id: winner[0].body.id });
  });

  it("deletes with 204, then 404", async () => {
    const ep = (await (await send(create, writeA, { body: { ...SEED_BODY, url: url(unique()) } })).json()) as { id: string };
    const path = `/api/v2/endpoints/${ep.id}`;
    const res = await send(remove, writeA, { method: "DELETE", path, params: { id: ep.id } });
    expect(res.status).toBe(204);
    expect(await res.text()).toBe("");
    expect((await send(read, writeA, { method: "GET", path, params: { id: ep.id } })).status).toBe(404);
  });

  it("lists newest first with a keyset cursor, filters and bounds", async () => {
    const inst = (await makeInstance("List")).id;
    const owner = await makeUser({ instanceId: inst, role: "admin" });
    const other = await makeUser({ instanceId: inst, role: "member" });
    const token = (await mint(inst, { userId: owner.id, role: "admin", isSuperadmin: false }, { scopes: ["endpoints:read", "endpoints:write"] })).token;
    const made: string[] = [];
    for (let i = 0; i < 7; i++) {
      const body = { name: i === 3 ? "Billing_100% bot" : `Bot ${i}`, url: `https://svc${i}.list.example/v1`, wire_format: i % 2 ? "messages_v1" : "chat_completions_v1", model: "m", tags: i < 2 ? ["kyc"] : [], owner_user_id: i === 6 ? other.id : "current" };
      const res = await send(create, token, { body });
      expect(res.status).toBe(201);
      made.unshift(((await res.json()) as { id: string }).id);
    }
    const get = async (qs: string) => {
      const res = await send(list, token, { method: "GET", path: `/api/v2/endpoints?${qs}` });
      expect(res.status).toBe(200);
      return endpointPageSchema.parse(await res.json());
    };
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const p = await get(`limit=3${cursor ? `&cursor=${cursor}` : ""}`);
      seen.push(...p.data.map((e) => e.id));
      cursor = p.next_cursor;
    } while (cursor);
    expect(seen).toEqual(made);
    expect((await get("tag=kyc")).data).toHaveLength(2);
    expect((await get("wire_format=messages_v1")).data).toHaveLength(3);
    expect((await get(`owner=${other.id}`)).data).toHaveLength(1);
    expect((await get("owner=current")).data).toHaveLength(6);
    expect((await get("q=SVC4.LIST")).data).toHaveLength(1);
    expect((await get("q=100%25")).data.map((e) => e.name)).toEqual(["Billing_100% bot"]);
    expect((await get("q=_")).data.map((e) => e.name)).toEqual(["Billing_100% bot"]);
    await send(patch, token, { method: "PATCH", path: `/api/v2/endpoints/${made[0]}`, params: { id: made[0] }, body: { status: "disabled" } });
    expect((await get("status=disabled")).data.map((e) => e.id)).toEqual([made[0]]);
    expect((await get("")).data).toHaveLength(7);
    for (const bad of ["limit=0", "limit=101", "cursor=bm9wZQ", "status=gone"]) {
      const p = await problem(await send(list, token, { method: "GET", path: `/api/v2/endpoints?${bad}` }));
      expect(p.status).toBe(400);
    }
  });
});
