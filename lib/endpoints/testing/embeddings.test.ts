import { afterAll, beforeAll, expect, it } from "vitest";
import { describeWithDatabase } from "@/test/db";
import { makeInstance, makeUser } from "@/test/factories";
import { call, freshIp, mint } from "@/test/api";
import { isolatePostgres, useFreshDataDir } from "@/test/secrets";
import { startFakeUpstream } from "@/test/fake-upstream";
import { resetConfigForTests } from "@/lib/config";
import { createEndpoint } from "@/lib/endpoints/service";
import { createEndpointSchema } from "@/lib/endpoints/schema";
import { POST as testRoute } from "@/app/api/v2/endpoints/[id]/test/route";
import { endpointTestViewSchema } from "./schema";
import { checkResponse } from "./wire-formats";

// The embeddings_v1 wire format: the request the test sends (OpenAI
// embeddings) and the answer checked field by field, through the test route
// against a fake upstream on loopback.

await isolatePostgres("endpoint_embeddings");

describeWithDatabase("the embeddings_v1 endpoint test", () => {
  let upstream: Awaited<ReturnType<typeof startFakeUpstream>>;
  let instanceId: string;
  let owner: Awaited<ReturnType<typeof makeUser>>;
  let token: string;
  const saved = process.env.PENAXTRA_EGRESS_ALLOW;

  beforeAll(async () => {
    process.env.PENAXTRA_EGRESS_ALLOW = "127.0.0.1/32";
    resetConfigForTests();
    useFreshDataDir();
    upstream = await startFakeUpstream();
    instanceId = (await makeInstance("Embeddings")).id;
    owner = await makeUser({ instanceId, role: "member" });
    token = (await mint(instanceId, { userId: owner.id, role: "member", isSuperadmin: false }, { scopes: ["endpoints:write"] })).token;
  });
  afterAll(async () => {
    await upstream?.close();
    process.env.PENAXTRA_EGRESS_ALLOW = saved;
    resetConfigForTests();
  });

  let n = 0;
  async function run(mode: string, dimensions?: number) {
    const input = { name: `emb ${++n}`, url: `${upstream.url(`/embeddings_v1/${mode}`)}?n=${n}`, wire_format: "embeddings_v1", model: "text-embedding-3-small", dimensions };
    const ep = await createEndpoint(instanceId, createEndpointSchema.parse(input), owner);
    const before = upstream.received.length;
    const res = await call(testRoute, { path: `/api/v2/endpoints/${ep.id}/test`, method: "POST", token, ip: freshIp(), params: { id: ep.id } });
    expect(res.status).toBe(200);
    return { view: endpointTestViewSchema.parse(await res.json()), sent: JSON.parse(upstream.received[before].body) as Record<string, unknown> };
  }

  it("sends { model, input } and passes a well-formed answer", async () => {
    const { view, sent } = await run("ok");
    expect(sent).toEqual({ model: "text-embedding-3-small", input: "Reply with the single word: pong" });
    expect(view).toMatchObject({ verdict: "pass", reason: null, detail: "The endpoint answered in embeddings_v1 format." });
  });

  it("sends dimensions when set, and passes a vector of that length", async () => {
    const { view, sent } = await run("ok", 16);
    expect(sent).toMatchObject({ dimensions: 16 });
    expect(view.verdict).toBe("pass");
  });

  it("fails a vector of the wrong length, naming the field and both sizes", async () => {
    const { view } = await run("short", 16);
    expect(view).toMatchObject({ verdict: "fail", reason: "schema_mismatch" });
    expect(view.detail).toBe("The answer does not match embeddings_v1: $.data[0].embedding has 3 numbers, expected 16 (the endpoint's dimensions).");
  });

  it("fails a vector with a non-number, naming its index", async () => {
    const { view } = await run("non-numeric");
    expect(view).toMatchObject({ verdict: "fail", reason: "schema_mismatch" });
    expect(view.detail).toBe("The answer does not match embeddings_v1: $.data[0].embedding[1] is a string, expected a number.");
  });

  it.each([
    ["data.0.embedding", "$.data[0].embedding is missing, expected a non-empty array"],
    ["data.0.index", "$.data[0].index is missing, expected a number"],
    ["object", '$.object is missing, expected "list"'],
    ["model", "$.model is missing, expected a string"],
  ])("fails an answer without %s", async (field, named) => {
    const { view } = await run(`malformed/${field}`);
    expect(view).toMatchObject({ verdict: "fail", reason: "schema_mismatch", upstream_status: 200 });
    expect(view.detail).toContain(named);
  });

  it("takes usage as optional, but an object when present", () => {
    const endpoint = { wire_format: "embeddings_v1" as const, model: "m", request_template: null, response_path: null };
    const answer = { object: "list", data: [{ index: 0, embedding: [0.5, -1, 2e-3] }], model: "m" };
    expect(checkResponse(endpoint, answer)).toMatchObject({ ok: true });
    expect(checkResponse(endpoint, { ...answer, usage: { prompt_tokens: 1 } })).toMatchObject({ ok: true });
    expect(checkResponse(endpoint, { ...answer, usage: "lots" })).toEqual({ ok: false, field: "$.usage", problem: "is a string, expected an object or absent" });
    expect(checkResponse(endpoint, { ...answer, data: [] })).toEqual({ ok: false, field: "$.data", problem: "is an array, expected a non-empty array" });
    expect(checkResponse({ ...endpoint, dimensions: 3 }, answer)).toMatchObject({ ok: true });
  });
});
