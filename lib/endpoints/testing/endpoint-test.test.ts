import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeWithDatabase } from "@/test/db";
import { makeInstance, makeUser } from "@/test/factories";
import { call, freshIp, mint } from "@/test/api";
import { isolatePostgres, useFreshDataDir } from "@/test/secrets";
import { FAKE_KEY, startFakeUpstream } from "@/test/fake-upstream";
import { resetConfigForTests } from "@/lib/config";
import { CLI } from "@/lib/auth/actor";
import { db } from "@/lib/db/client";
import { flushAudit } from "@/lib/audit/writer";
import { createSecret } from "@/lib/secrets/service";
import { createEndpoint } from "@/lib/endpoints/service";
import { updateDlpRule } from "@/lib/dlp/service";
import { createEndpointSchema, type CreateEndpointInput } from "@/lib/endpoints/schema";
import { POST as testRoute } from "@/app/api/v2/endpoints/[id]/test/route";
import { GET as historyRoute } from "@/app/api/v2/endpoints/[id]/tests/route";
import { GET as readRoute } from "@/app/api/v2/endpoints/[id]/route";
import { endpointTestViewSchema, testHistoryPageSchema } from "./schema";
import { endpointViewSchema } from "../schema";

// POST /api/v2/endpoints/{id}/test against a fake upstream on loopback,
// admitted by PENAXTRA_EGRESS_ALLOW=127.0.0.1/32: every verdict and reason.

await isolatePostgres("endpoint_test");

const TEMPLATE = { input: { text: "{{prompt}}", model: "{{model}}" } };

describeWithDatabase("the endpoint test", () => {
  let upstream: Awaited<ReturnType<typeof startFakeUpstream>>;
  let instanceId: string;
  let owner: Awaited<ReturnType<typeof makeUser>>;
  let token: string;
  let readOnly: string;
  let otherToken: string;
  const saved = process.env.PENAXTRA_EGRESS_ALLOW;

  beforeAll(async () => {
    process.env.PENAXTRA_EGRESS_ALLOW = "127.0.0.1/32";
    resetConfigForTests();
    useFreshDataDir();
    upstream = await startFakeUpstream();
    instanceId = (await makeInstance("Tests")).id;
    owner = await makeUser({ instanceId, role: "admin" });
    const minter = { userId: owner.id, role: "admin" as const, isSuperadmin: false };
    token = (await mint(instanceId, minter, { scopes: ["endpoints:read", "endpoints:write"] })).token;
    readOnly = (await mint(instanceId, minter, { scopes: ["endpoints:read"] })).token;
    const other = (await makeInstance("Other")).id;
    const otherAdmin = await makeUser({ instanceId: other, role: "admin" });
    otherToken = (await mint(other, { userId: otherAdmin.id, role: "admin", isSuperadmin: false }, { scopes: ["endpoints:read", "endpoints:write"] })).token;
    await createSecret(instanceId, { name: "fake_key", value: FAKE_KEY }, CLI);
  });
  afterAll(async () => {
    await upstream?.close();
    process.env.PENAXTRA_EGRESS_ALLOW = saved;
    resetConfigForTests();
  });

  let n = 0;
  async function endpoint(path: string, more: Partial<CreateEndpointInput> = {}) {
    const format = path.split("/")[1] as CreateEndpointInput["wire_format"];
    return createEndpoint(
      instanceId,
      createEndpointSchema.parse({
        name: `ep ${++n}`,
        url: `${upstream.url(path)}?n=${n}`,
        wire_format: format,
        model: "m-1",
        ...(format === "custom_template" ? { request_template: TEMPLATE, response_path: "$.output.text" } : {}),
        ...more,
      }),
      owner,
    );
  }
  async function run(id: string, body?: unknown, as = token) {
    const res = await call(testRoute, {
      path: `/api/v2/endpoints/${id}/test`,
      method: "POST",
      token: as,
      ip: freshIp(),
      params: { id },
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }

  describe("passes a healthy upstream of each format", () => {
    it.each(["chat_completions_v1", "text_completions_v1", "messages_v1", "custom_template"])("%s", async (format) => {
      const ep = await endpoint(`/${format}/ok`);
      const before = upstream.received.length;
      const { status, body } = await run(ep.id);
      expect(status).toBe(200);
      const view = endpointTestViewSchema.parse(body);
      expect(view).toMatchObject({ endpoint_id: ep.id, upstream_status: 200, verdict: "pass", reason: null });
      expect(view.latency_ms).toBeGreaterThanOrEqual(0);
      const sent = upstream.received[before];
      const json = JSON.parse(sent.body);
      if (format === "messages_v1") expect(sent.headers["anthropic-version"]).toBe("2023-06-01");
      if (format === "custom_template") expect(json).toEqual({ input: { text: "Reply with the single word: pong", model: "m-1" } });
      else expect(json.model).toBe("m-1");
    });
  });

  it("attaches the credential as configured: Authorization gets Bearer, another header the value as is", async () => {
    const bearer = await endpoint("/chat_completions_v1/bearer", { auth_header: "Authorization", auth_value_secret_ref: "secret:fake_key" });
    expect((await run(bearer.id)).body).toMatchObject({ verdict: "pass" });
    const apiKey = await endpoint("/messages_v1/x-api-key", { auth_header: "x-api-key", auth_value_secret_ref: "secret:fake_key" });
    expect((await run(apiKey.id)).body).toMatchObject({ verdict: "pass" });
  });

  it.each([
    ["auth_header_missing", "/chat_completions_v1/bearer", {}],
    ["auth_rejected", "/chat_completions_v1/bearer", { auth_header: "X-Wrong", auth_value_secret_ref: "secret:fake_key" }],
    ["upstream_error", "/chat_completions_v1/error", {}],
    ["upstream_error", "/chat_completions_v1/error-nul", {}],
    ["redirect_refused", `/chat_completions_v1/redirect/${encodeURIComponent("http://127.0.0.2:9/")}`, {}],
    ["response_too_large", "/chat_completions_v1/big", {}],
    ["schema_mismatch", "/text_completions_v1/not-json", {}],
  ])("reports %s", async (reason, path, more) => {
    const ep = await endpoint(path, more as Partial<CreateEndpointInput>);
    const { status, body } = await run(ep.id);
    expect(status).toBe(200);
    expect(body).toMatchObject({ verdict: "fail", reason });
    expect(String(body.detail)).not.toContain(FAKE_KEY);
    expect(String(body.detail)).not.toContain("?n=");
  });

  it.each([
    ["chat_completions_v1", "choices", "$.choices"],
    ["chat_completions_v1", "choices.0.message.content", "$.choices[0].message.content"],
    ["text_completions_v1", "choices.0.text", "$.choices[0].text"],
    ["messages_v1", "content", "$.content"],
    ["messages_v1", "type", "$.type"],
    ["custom_template", "output.text", "$.output.text"],
  ])("names the field of a malformed %s answer (%s)", async (format, field, named) => {
    const ep = await endpoint(`/${format}/malformed/${field}`);
    const { body } = await run(ep.id);
    expect(body).toMatchObject({ verdict: "fail", reason: "schema_mismatch", upstream_status: 200 });
    expect(body.detail).toContain(named);
  });

  it("reports timeout when the upstream does not answer in time (PENAXTRA_EGRESS_TIMEOUT_MS)", async () => {
    process.env.PENAXTRA_EGRESS_TIMEOUT_MS = "400";
    resetConfigForTests();
    try {
      const ep = await endpoint("/chat_completions_v1/slow");
      const started = Date.now();
      expect((await run(ep.id)).body).toMatchObject({ verdict: "fail", reason: "timeout", upstream_status: null });
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      delete process.env.PENAXTRA_EGRESS_TIMEOUT_MS;
      resetConfigForTests();
    }
  });

  it("reports connection_refused for a closed loopback port and egress_blocked for an address not admitted", async () => {
    const closed = await createEndpoint(instanceId, createEndpointSchema.parse({ name: "closed", url: "http://127.0.0.1:9/v1", wire_format: "chat_completions_v1", model: "m" }), owner);
    expect((await run(closed.id)).body).toMatchObject({ verdict: "fail", reason: "connection_refused", upstream_status: null });
    process.env.PENAXTRA_EGRESS_ALLOW = "127.0.0.1/32,127.0.0.2";
    resetConfigForTests();
    const blocked = await createEndpoint(instanceId, createEndpointSchema.parse({ name: "blocked", url: "https://169.254.169.254/latest", wire_format: "chat_completions_v1", model: "m" }), owner);
    process.env.PENAXTRA_EGRESS_ALLOW = "127.0.0.1/32";
    resetConfigForTests();
    expect((await run(blocked.id)).body).toMatchObject({ verdict: "fail", reason: "egress_blocked" });
  });

  it("stores every run and lists the history newest first; reads carry the last result", async () => {
    const ep = await endpoint("/chat_completions_v1/ok");
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.unshift(String((await run(ep.id)).body.test_id));
    const res = await call(historyRoute, { path: `/api/v2/endpoints/${ep.id}/tests?limit=2`, token: readOnly, ip: freshIp(), params: { id: ep.id } });
    const page = testHistoryPageSchema.parse(await res.json());
    expect(page.data.map((t) => t.test_id)).toEqual(ids.slice(0, 2));
    expect(page.next_cursor).not.toBeNull();
    const read = endpointViewSchema.parse(await (await call(readRoute, { path: `/api/v2/endpoints/${ep.id}`, token: readOnly, ip: freshIp(), params: { id: ep.id } })).json());
    expect(read.last_test?.test_id).toBe(ids[0]);
    await flushAudit();
    expect(await db().auditEvent.count({ where: { instanceId, action: "endpoint.test", target: ep.id } })).toBe(3);
  });

  it("takes a custom prompt up to 4000 characters, refuses longer or unknown fields", async () => {
    const ep = await endpoint("/chat_completions_v1/ok");
    const before = upstream.received.length;
    expect((await run(ep.id, { prompt: "Say hi" })).body).toMatchObject({ verdict: "pass" });
    expect(JSON.parse(upstream.received[before].body).messages[0].content).toBe("Say hi");
    expect((await run(ep.id, { prompt: "x".repeat(4001) })).status).toBe(400);
    expect((await run(ep.id, { prompt: "ok", extra: 1 })).status).toBe(400);
  });

  it("needs endpoints:write, and another instance's endpoint is 404", async () => {
    const ep = await endpoint("/chat_completions_v1/ok");
    expect(await run(ep.id, undefined, readOnly)).toMatchObject({ status: 403, body: { code: "missing_scope" } });
    expect(await run(ep.id, undefined, otherToken)).toMatchObject({ status: 404, body: { code: "not_found" } });
  });

  it("never echoes upstream bytes that reflect the credential or the query string into detail", async () => {
    const reflecting = await endpoint("/chat_completions_v1/echo-role", { auth_header: "X-Key", auth_value_secret_ref: "secret:fake_key" });
    const reflected = await run(reflecting.id);
    expect(reflected.body).toMatchObject({ verdict: "fail", reason: "schema_mismatch" });
    expect(String(reflected.body.detail)).not.toContain(FAKE_KEY.slice(0, 10));
    const quoting = await endpoint("/chat_completions_v1/echo-url");
    const quoted = await run(quoting.id);
    expect(quoted.body).toMatchObject({ verdict: "fail", reason: "unexpected_status", upstream_status: 404 });
    expect(String(quoted.body.detail)).not.toContain("n=");
  });

  it("reads error answers with DLP too, before anything of them is kept; report-only matches are audited", async () => {
    const crashing = await endpoint("/chat_completions_v1/error-pii");
    const res = await run(crashing.id);
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ code: "dlp_blocked" });
    const stored = await db().endpointTest.findMany({ where: { endpointId: crashing.id } });
    expect(stored).toHaveLength(1);
    expect(JSON.stringify(stored)).not.toMatch(/4111|jane\.doe/);
    await updateDlpRule(instanceId, "builtin:email", { action: "report" }, owner);
    try {
      const leaking = await endpoint("/chat_completions_v1/leak");
      expect((await run(leaking.id)).body).toMatchObject({ verdict: "pass" });
      await flushAudit();
      const reported = await db().auditEvent.findFirst({ where: { instanceId, action: "dlp.reported", target: { contains: leaking.id } } });
      expect(reported?.target).toContain("builtin:email");
      expect(reported?.target).not.toContain("jane.doe");
    } finally {
      await updateDlpRule(instanceId, "builtin:email", { action: "block" }, owner);
    }
  });

  it("blocks by DLP: a prompt matching a blocking rule is not sent (422 dlp_blocked with rule_id), nor is a leaking answer accepted", async () => {
    const ep = await endpoint("/chat_completions_v1/ok");
    const before = upstream.received.length;
    const blocked = await run(ep.id, { prompt: "my card is 4111 1111 1111 1111" });
    expect(blocked.status).toBe(422);
    expect(blocked.body).toMatchObject({ code: "dlp_blocked", rule_id: expect.any(String) });
    expect(JSON.stringify(blocked.body)).not.toContain("4111");
    expect(upstream.received.length).toBe(before);
    // An answer hiding the @ as a JSON escape (\u0040) is decoded before DLP reads it.
    const escaped = await endpoint("/chat_completions_v1/leak-escaped");
    expect((await run(escaped.id)).status).toBe(422);
    const leaking = await endpoint("/chat_completions_v1/leak");
    const answer = await run(leaking.id);
    expect(answer.status).toBe(422);
    expect(JSON.stringify(answer.body)).not.toContain("jane.doe");
    const stored = await db().endpointTest.findMany({ where: { endpointId: { in: [ep.id, leaking.id] }, reason: "dlp_blocked" } });
    expect(stored).toHaveLength(2);
    expect(JSON.stringify(stored)).not.toMatch(/4111|jane\.doe/);
  });
});
