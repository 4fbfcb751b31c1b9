import { afterAll, beforeAll, expect, it } from "vitest";
import { encode } from "next-auth/jwt";
import { describeWithDatabase } from "@/test/db";
import { makeInstance, makeUser } from "@/test/factories";
import { call, freshIp, mint } from "@/test/api";
import { isolatePostgres, useFreshDataDir } from "@/test/secrets";
import { db } from "@/lib/db/client";
import { flushAudit } from "@/lib/audit/writer";
import { authSecret } from "@/lib/auth/secret";
import { createSession } from "@/lib/auth/sessions";
import { mintPlatformToken } from "@/lib/tokens/platform";
import { createPlatformTokenSchema } from "@/lib/tokens/schema";
import { GET as list, POST as create } from "@/app/api/v2/api-standards/route";
import { DELETE as remove, GET as read, PATCH as patch, PUT as put } from "@/app/api/v2/api-standards/[handle]/route";

// /api/v2/api-standards as seed 002's clients and attackers see it: the route
// handlers with real platform tokens, sessions and workspace tokens on both
// databases; every curl example of the seed with its exact body, every error
// with the seed's exact title, status and detail.

await isolatePostgres("api_standards"); // the suite changes the global registry (PATCHes openai)

type Handler = typeof create;
type Who = { token?: string; cookie?: string; origin?: string };

const OPENAI = {
  api_standard_handle: "openai",
  description: "OpenAI Embeddings API, Version 1, as documented in https://platform.openai.com/docs/api-reference/embeddings",
  key_method: "auth_bearer",
  key_field: "Authorization",
};
const COHERE = {
  api_standard_handle: "cohere",
  description: "Cohere Embed API, Version 2, as documented in https://docs.cohere.com/reference/embed",
  key_method: "auth_bearer",
  key_field: "Authorization",
};
const GEMINI = {
  api_standard_handle: "gemini",
  description: "Google Gemini Embedding API as documented in https://ai.google.dev/gemini-api/docs/embeddings",
  key_method: "query_param",
  key_field: "key",
};

const UNAUTHORIZED = { title: "Unauthorized", status: 401, detail: "Invalid or missing authorization credentials" };
const FORBIDDEN = { title: "Forbidden", status: 403, detail: "Only admin users can create/modify/delete API standards" };
const BAD_KEY_METHOD = { title: "Bad Request", status: 400, detail: "Invalid key_method: must be one of auth_bearer, auth_apikey, query_param, none", code: "invalid_key_method" };

/** A request as curl would send it: the seed's path, the method, the credentials, a JSON body. */
function send(handler: Handler, who: Who, opts: { method?: string; handle?: string; body?: unknown } = {}) {
  const headers: Record<string, string> = {};
  if (opts.body !== undefined) headers["content-type"] = "application/json";
  if (who.cookie) Object.assign(headers, { cookie: who.cookie, host: "localhost" });
  if (who.origin) headers.origin = who.origin;
  return call(handler, {
    path: opts.handle === undefined ? "/api/v2/api-standards" : `/api/v2/api-standards/${encodeURIComponent(opts.handle)}`,
    method: opts.method ?? "GET",
    token: who.token,
    ip: freshIp(),
    headers,
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    params: opts.handle === undefined ? undefined : { handle: opts.handle },
  });
}

async function answer(res: Response, status: number) {
  const body = await res.json();
  expect(res.status, JSON.stringify(body)).toBe(status);
  return body;
}

/** A signed-in browser: a real session row and next-auth's signed cookie naming it. */
async function sessionOf(userId: string): Promise<Who> {
  const sid = await createSession(userId);
  const jwt = await encode({ token: { sid }, secret: authSecret() });
  return { cookie: `next-auth.session-token=${jwt}`, origin: "http://localhost" };
}

describeWithDatabase("API standards API (seed 002)", () => {
  const anonymous: Who = {};
  let admin: Who; // a superadmin's platform token: the seed's "admin_api_key"
  let adminUserId: string;
  let adminSession: Who;
  let memberSession: Who;
  let workspaceToken: Who; // a superadmin's own workspace token: still not a platform token
  let instanceId: string;

  const audited = async (action: string, target: string) => {
    await flushAudit();
    return db().auditEvent.findMany({ where: { action, target }, orderBy: { createdAt: "asc" } });
  };

  beforeAll(async () => {
    useFreshDataDir(); // the session-signing secret lives there
    instanceId = (await makeInstance("Standards")).id;
    const superadmin = await makeUser({ instanceId, role: "owner", isSuperadmin: true });
    const member = await makeUser({ instanceId, role: "admin" });
    adminUserId = superadmin.id;
    const values = createPlatformTokenSchema.parse({ name: "standards admin", expires_in: "1d" });
    admin = { token: (await mintPlatformToken({ userId: superadmin.id, isSuperadmin: true }, values)).token };
    adminSession = await sessionOf(superadmin.id);
    memberSession = await sessionOf(member.id);
    workspaceToken = { token: (await mint(instanceId, { userId: superadmin.id, role: "owner", isSuperadmin: true }, { scopes: ["endpoints:write"] })).token };
  });
  afterAll(() => flushAudit());

  it("GET /v1/api-standards: the three seeded standards exactly as the seed lists them, without authentication", async () => {
    expect(await answer(await send(list, anonymous), 200)).toEqual({ standards: [OPENAI, COHERE, GEMINI] });
    // Credentials are not needed, and bad ones do not matter on a public read.
    expect(await answer(await send(list, { token: "pnx_not-a-real-token" }), 200)).toEqual({ standards: [OPENAI, COHERE, GEMINI] });
  });

  it("GET /v1/api-standards/openai: the standard's four fields; an unknown one is the seed's 404", async () => {
    expect(await answer(await send(read, anonymous, { handle: "openai" }), 200)).toEqual(OPENAI);
    expect(await answer(await send(read, anonymous, { handle: "custom-provider" }), 404)).toMatchObject({
      title: "Not Found",
      status: 404,
      detail: "API standard 'custom-provider' not found",
      code: "not_found",
    });
  });

  it("POST ollama (none, empty key_field) answers 201 with the seed's body; a second POST is 409 already_exists", async () => {
    const ollama = { api_standard_handle: "ollama", description: "Ollama local embedding API, no authentication required", key_method: "none", key_field: "" };
    expect(await answer(await send(create, admin, { method: "POST", body: ollama }), 201)).toEqual(ollama);
    expect(await answer(await send(read, anonymous, { handle: "ollama" }), 200)).toEqual(ollama);
    expect(await answer(await send(create, admin, { method: "POST", body: ollama }), 409)).toMatchObject({ status: 409, code: "already_exists" });
    const rows = await audited("api_standard.create", "ollama");
    expect(rows.map((r) => [r.status, r.actorType, r.instanceId])).toEqual([[201, "token", null], [409, "token", null]]);
  });

  it("POST vllm-local (auth_apikey, X-API-Key) as in the seed's use case", async () => {
    const vllm = { api_standard_handle: "vllm-local", description: "vLLM local deployment with custom auth", key_method: "auth_apikey", key_field: "X-API-Key" };
    expect(await answer(await send(create, admin, { method: "POST", body: vllm }), 201)).toEqual(vllm);
  });

  it("PUT custom-provider creates it (201), the same PUT replaces it (200), DELETE answers the seed's message, then 404", async () => {
    const custom = { api_standard_handle: "custom-provider", description: "Custom provider embedding API", key_method: "auth_bearer", key_field: "Authorization" };
    expect(await answer(await send(put, admin, { method: "PUT", handle: "custom-provider", body: custom }), 201)).toEqual(custom);
    const updated = { ...custom, description: "Updated description for custom provider" };
    expect(await answer(await send(put, admin, { method: "PUT", handle: "custom-provider", body: updated }), 200)).toEqual(updated);
    expect(await answer(await send(read, anonymous, { handle: "custom-provider" }), 200)).toEqual(updated);

    expect(await answer(await send(remove, admin, { method: "DELETE", handle: "custom-provider" }), 200)).toEqual({
      message: "API standard 'custom-provider' deleted successfully",
    });
    expect(await answer(await send(read, anonymous, { handle: "custom-provider" }), 404)).toMatchObject({ detail: "API standard 'custom-provider' not found" });
    expect(await answer(await send(remove, admin, { method: "DELETE", handle: "custom-provider" }), 404)).toMatchObject({ detail: "API standard 'custom-provider' not found" });

    const puts = await audited("api_standard.update", "custom-provider");
    expect(puts.map((r) => [r.method, r.status])).toEqual([["PUT", 201], ["PUT", 200]]);
    const deletes = await audited("api_standard.delete", "custom-provider");
    expect(deletes.map((r) => [r.status, r.actorId])).toEqual([[200, expect.any(String)], [404, expect.any(String)]]);
  });

  it("PATCH openai's description (the seed's example) changes only that field", async () => {
    const description = "OpenAI Embeddings API v1 - Updated documentation link";
    expect(await answer(await send(patch, admin, { method: "PATCH", handle: "openai", body: { description } }), 200)).toEqual({ ...OPENAI, description });
    const [row] = await audited("api_standard.update", "openai");
    expect(row).toMatchObject({ method: "PATCH", status: 200, actorType: "token", instanceId: null });
    await send(patch, admin, { method: "PATCH", handle: "openai", body: { description: OPENAI.description } });
  });

  it("PATCH re-checks key_field against key_method on the merged result", async () => {
    // gemini is query_param "key": switching to a header method with a header name works, to none needs key_field "".
    const toNone = await answer(await send(patch, admin, { method: "PATCH", handle: "gemini", body: { key_method: "none" } }), 400);
    expect(toNone).toMatchObject({ code: "validation_failed", errors: [{ pointer: "/key_field" }] });
    expect(await answer(await send(patch, admin, { method: "PATCH", handle: "gemini", body: { key_method: "none", key_field: "" } }), 200)).toMatchObject({ key_method: "none", key_field: "" });
    const noField = await answer(await send(patch, admin, { method: "PATCH", handle: "gemini", body: { key_method: "auth_apikey" } }), 400);
    expect(noField.errors).toEqual([{ pointer: "/key_field", code: "invalid", message: expect.stringMatching(/^key_field is required when key_method is auth_apikey/) }]);
    expect(await answer(await send(patch, admin, { method: "PATCH", handle: "gemini", body: { key_method: "query_param", key_field: "key" } }), 200)).toEqual(GEMINI);
    expect(await answer(await send(patch, admin, { method: "PATCH", handle: "gemini", body: {} }), 400)).toMatchObject({ code: "validation_failed" });
    expect(await answer(await send(patch, admin, { method: "PATCH", handle: "nowhere", body: { description: "x" } }), 404)).toMatchObject({ detail: "API standard 'nowhere' not found" });
  });

  it("refuses anonymous writes with the seed's 401, on every write method", async () => {
    const body = { api_standard_handle: "anon", description: "x", key_method: "none" };
    for (const res of [
      await send(create, anonymous, { method: "POST", body }),
      await send(put, anonymous, { method: "PUT", handle: "anon", body }),
      await send(patch, anonymous, { method: "PATCH", handle: "openai", body: { description: "x" } }),
      await send(remove, anonymous, { method: "DELETE", handle: "openai" }),
      await send(create, { token: "pnx_000000000000000000000000000000000000" }, { method: "POST", body }),
    ]) {
      expect(await answer(res, 401)).toMatchObject(UNAUTHORIZED);
    }
    expect(await answer(await send(read, anonymous, { handle: "anon" }), 404)).toMatchObject({ status: 404 });
  });

  it("refuses a workspace token (even a superadmin's) and a non-superadmin session with the seed's 403", async () => {
    const body = { api_standard_handle: "sneaky", description: "x", key_method: "none" };
    for (const who of [workspaceToken, memberSession]) {
      expect(await answer(await send(create, who, { method: "POST", body }), 403)).toMatchObject({ ...FORBIDDEN, code: "superadmin_required" });
      expect(await answer(await send(put, who, { method: "PUT", handle: "sneaky", body }), 403)).toMatchObject(FORBIDDEN);
      expect(await answer(await send(patch, who, { method: "PATCH", handle: "openai", body: { key_method: "none", key_field: "" } }), 403)).toMatchObject(FORBIDDEN);
      expect(await answer(await send(remove, who, { method: "DELETE", handle: "cohere" }), 403)).toMatchObject(FORBIDDEN);
    }
    expect(await answer(await send(list, anonymous), 200)).toMatchObject({ standards: [OPENAI, COHERE, GEMINI, expect.anything(), expect.anything()] });
  });

  it("lets a superadmin's console session write from the console's origin, and not from another site", async () => {
    const body = { api_standard_handle: "session-made", description: "Made in the console", key_method: "auth_apikey", key_field: "api-key" };
    expect(await answer(await send(create, { ...adminSession, origin: "https://evil.example" }, { method: "POST", body }), 403)).toMatchObject({ code: "cross_site_request" });
    expect(await answer(await send(create, adminSession, { method: "POST", body }), 201)).toEqual(body);
    const [row] = (await audited("api_standard.create", "session-made")).filter((r) => r.status === 201);
    expect(row).toMatchObject({ actorType: "user", actorId: adminUserId, instanceId: null });
  });

  it("answers an unknown key_method with the seed's exact 400", async () => {
    for (const key_method of ["oauth2", "AUTH_BEARER", "", 7, undefined]) {
      const body = { api_standard_handle: "bad-method", description: "x", key_method, key_field: "Authorization" };
      const p = await answer(await send(create, admin, { method: "POST", body }), 400);
      expect(p, String(key_method)).toMatchObject(BAD_KEY_METHOD);
      expect(p.errors).toContainEqual(expect.objectContaining({ pointer: "/key_method", message: BAD_KEY_METHOD.detail }));
    }
    const viaPatch = await answer(await send(patch, admin, { method: "PATCH", handle: "cohere", body: { key_method: "basic" } }), 400);
    expect(viaPatch).toMatchObject(BAD_KEY_METHOD);
    const viaPut = await answer(await send(put, admin, { method: "PUT", handle: "cohere", body: { ...COHERE, key_method: "header" } }), 400);
    expect(viaPut).toMatchObject(BAD_KEY_METHOD);
    expect(await answer(await send(read, anonymous, { handle: "cohere" }), 200)).toEqual(COHERE);
  });

  it("refuses a body handle that differs from the path (400 handle_mismatch): standards are never renamed", async () => {
    const p = await answer(await send(put, admin, { method: "PUT", handle: "cohere", body: { ...COHERE, api_standard_handle: "cohere-2" } }), 400);
    expect(p).toMatchObject({ title: "Bad Request", status: 400, code: "handle_mismatch", errors: [{ pointer: "/api_standard_handle" }] });
    expect(await answer(await send(patch, admin, { method: "PATCH", handle: "cohere", body: { api_standard_handle: "renamed" } }), 400)).toMatchObject({ code: "handle_mismatch" });
    expect(await answer(await send(patch, admin, { method: "PATCH", handle: "cohere", body: { api_standard_handle: "cohere", description: COHERE.description } }), 200)).toEqual(COHERE);
    expect(await answer(await send(read, anonymous, { handle: "cohere-2" }), 404)).toMatchObject({ status: 404 });
    expect(await answer(await send(read, anonymous, { handle: "renamed" }), 404)).toMatchObject({ status: 404 });
  });

  it("holds handles to lowercase letters, digits and -, up to 64, in the body and in the path", async () => {
    const body = (h: string) => ({ api_standard_handle: h, description: "x", key_method: "none" });
    for (const bad of ["OpenAI", "my standard", "a".repeat(65), "../etc", "..", "a/b", "-leading", "under_score", "tab\t", "ünïcode", ""]) {
      const p = await answer(await send(create, admin, { method: "POST", body: body(bad) }), 400);
      expect(p.errors?.[0]?.pointer, JSON.stringify(bad)).toBe("/api_standard_handle");
      if (bad === "") continue; // an empty path segment does not reach the [handle] route
      const viaPath = await answer(await send(put, admin, { method: "PUT", handle: bad, body: body(bad) }), 400);
      expect(viaPath.errors?.[0]?.pointer, JSON.stringify(bad)).toBe("/path/handle");
      expect((await send(read, anonymous, { handle: bad })).status, JSON.stringify(bad)).toBe(400);
    }
    const longest = "a".repeat(64);
    expect(await answer(await send(put, admin, { method: "PUT", handle: longest, body: body(longest) }), 201)).toMatchObject({ api_standard_handle: longest, key_field: "" });
    expect(await answer(await send(create, admin, { method: "POST", body: body("v2-embed-9") }), 201)).toMatchObject({ api_standard_handle: "v2-embed-9" });
    expect(await db().apiStandard.count({ where: { handle: { in: ["OpenAI", "..", "../etc"] } } })).toBe(0);
  });

  it("requires key_field unless key_method is none, and holds it to a header or query parameter name", async () => {
    const post = (key_method: string, key_field?: string) =>
      send(create, admin, { method: "POST", body: { api_standard_handle: `kf-${Math.random().toString(36).slice(2, 8)}`, description: "x", key_method, ...(key_field === undefined ? {} : { key_field }) } });
    const refused = async (key_method: string, key_field?: string) => {
      const p = await answer(await post(key_method, key_field), 400);
      expect(p.errors?.map((e: { pointer: string }) => e.pointer), `${key_method} ${key_field}`).toEqual(["/key_field"]);
      return p.errors[0].message as string;
    };
    for (const m of ["auth_bearer", "auth_apikey", "query_param"]) {
      expect(await refused(m)).toMatch(/^key_field is required/);
      expect(await refused(m, "")).toMatch(/^key_field is required/);
    }
    expect(await refused("none", "Authorization")).toMatch(/must be empty when key_method is none/);
    for (const header of ["X API Key", "X-Key:", "Host", "content-length", "Transfer-Encoding", "Proxy-Authorization", "a\u00e9"]) await refused("auth_apikey", header);
    expect(await refused("auth_bearer", "Connection")).toMatch(/set by the HTTP client/);
    for (const param of ["api key", "key&admin=1", "k=v", "a".repeat(65), "key#"]) await refused("query_param", param);

    expect(await answer(await post("auth_apikey", "X-Goog-Api-Key"), 201)).toMatchObject({ key_field: "X-Goog-Api-Key" });
    expect(await answer(await post("auth_bearer", "X-Upstream-Authorization"), 201)).toMatchObject({ key_method: "auth_bearer", key_field: "X-Upstream-Authorization" });
    expect(await answer(await post("query_param", "api_key"), 201)).toMatchObject({ key_field: "api_key" });
    expect(await answer(await post("none"), 201)).toMatchObject({ key_method: "none", key_field: "" });
    // Unknown fields are refused rather than silently dropped.
    const extra = await answer(await send(create, admin, { method: "POST", body: { api_standard_handle: "extra", description: "x", key_method: "none", secret: "s" } }), 400);
    expect(extra.errors).toEqual([expect.objectContaining({ pointer: "/secret", code: "unknown_field" })]);
  });
});
