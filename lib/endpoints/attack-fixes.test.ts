import { beforeAll, expect, it } from "vitest";
import { describeWithDatabase } from "@/test/db";
import { makeInstance, makeUser } from "@/test/factories";
import { call, freshIp, mint } from "@/test/api";
import { canary, isolatePostgres, useFreshDataDir } from "@/test/secrets";
import { db } from "@/lib/db/client";
import { createSecret } from "@/lib/secrets/service";
import { GET as list, POST as create } from "@/app/api/v2/endpoints/route";
import { PATCH as patch } from "@/app/api/v2/endpoints/[id]/route";
import { GET as audit } from "@/app/api/v2/audit/route";
import { testDraft } from "./testing/service";

// What an outside review of the endpoints API confirmed, each held shut here.

await isolatePostgres("endpoints_attacks");

describeWithDatabase("endpoints: reviewed attacks", () => {
  let instanceId: string;
  let member: Awaited<ReturnType<typeof makeUser>>;
  let memberToken: string;
  let adminToken: string;
  const send = (handler: typeof create, token: string, body: unknown, opts: { path?: string; method?: string; params?: Record<string, string> } = {}) =>
    call(handler, {
      path: opts.path ?? "/api/v2/endpoints",
      method: opts.method ?? "POST",
      token,
      ip: freshIp(),
      params: opts.params,
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });

  beforeAll(async () => {
    useFreshDataDir();
    instanceId = (await makeInstance("Reviewed")).id;
    const admin = await makeUser({ instanceId, role: "admin" });
    member = await makeUser({ instanceId, role: "member" });
    adminToken = (await mint(instanceId, { userId: admin.id, role: "admin", isSuperadmin: false }, { scopes: ["endpoints:read", "endpoints:write", "audit:read"] })).token;
    memberToken = (await mint(instanceId, { userId: member.id, role: "member", isSuperadmin: false }, { scopes: ["endpoints:read", "endpoints:write"] })).token;
    await createSecret(instanceId, { name: "admins_key", value: canary("admin") }, { kind: "user", id: admin.id, email: admin.email, name: null, isSuperadmin: false });
    await createSecret(instanceId, { name: "members_key", value: canary("member") }, { kind: "user", id: member.id, email: member.email, name: null, isSuperadmin: false });
  });

  const body = (host: string, ref?: string) => ({
    name: host,
    url: `https://${host}/v1/chat/completions`,
    wire_format: "chat_completions_v1",
    model: "m",
    ...(ref ? { auth_header: "X-Key", auth_value_secret_ref: ref } : {}),
  });

  it("does not let a member point someone else's secret at a host of theirs (create, draft test)", async () => {
    const res = await send(create, memberToken, body("attacker.example", "secret:admins_key"));
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ code: "forbidden", errors: [{ pointer: "/auth_value_secret_ref" }] });
    expect(await db().endpoint.count({ where: { instanceId, host: "attacker.example" } })).toBe(0);
    await expect(
      testDraft(instanceId, { url: "https://attacker.example/v1", wire_format: "chat_completions_v1", model: "m", auth_header: "X-Key", auth_value_secret_ref: "secret:admins_key", request_template: null, response_path: null }, member),
    ).rejects.toMatchObject({ code: "forbidden" });
    // Their own secret (they set its value) and an admin's use are fine.
    expect((await send(create, memberToken, body("mine.example", "secret:members_key"))).status).toBe(201);
    expect((await send(create, adminToken, body("vendor.example", "secret:admins_key"))).status).toBe(201);
  });

  it("does not let a member move an endpoint carrying someone else's secret to another host", async () => {
    const created = (await (await send(create, adminToken, body("vendor2.example", "secret:admins_key"))).json()) as { id: string };
    const path = `/api/v2/endpoints/${created.id}`;
    const moved = await send(patch, memberToken, { url: "https://attacker.example/steal" }, { path, method: "PATCH", params: { id: created.id } });
    expect(moved.status).toBe(403);
    expect((await db().endpoint.findUnique({ where: { id: created.id } }))?.host).toBe("vendor2.example");
    // Same host, another path: the secret goes where it already went.
    expect((await send(patch, memberToken, { url: "https://vendor2.example/v2/chat" }, { path, method: "PATCH", params: { id: created.id } })).status).toBe(200);
    expect((await send(patch, memberToken, { auth_value_secret_ref: "secret:admins_key" }, { path, method: "PATCH", params: { id: created.id } })).status).toBe(403);
  });

  it("answers a NUL character in a body or a filter with 400, not 500", async () => {
    const res = await send(create, adminToken, { ...body("nul.example"), name: "a\u0000b" });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: "validation_failed", errors: [{ pointer: "/name", code: "nul_character" }] });
    for (const [handler, path] of [[list, "/api/v2/endpoints?q=%00"], [audit, "/api/v2/audit?actor=%00"]] as const) {
      const r = await call(handler, { path, token: adminToken, ip: freshIp() });
      expect(r.status).toBe(400);
      expect(await r.json()).toMatchObject({ errors: [{ code: "nul_character" }] });
    }
  });

  it("answers an unpaired surrogate in a body value or key with 400, not 500, and stores nothing", async () => {
    const before = await db().endpoint.count();
    const res = await send(create, adminToken, { ...body("lone.example"), name: "a\uD800b" });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: "validation_failed", errors: [{ pointer: "/name", code: "lone_surrogate" }] });
    const inKey = await send(create, adminToken, { ...body("lone.example"), wire_format: "custom_template", request_template: { "x\uDC00": "{{prompt}}" }, response_path: "$.text" });
    expect(await inKey.json()).toMatchObject({ errors: [{ pointer: "/request_template/x\uDC00", code: "lone_surrogate" }] });
    // A well-formed pair is text like any other.
    expect((await send(create, adminToken, { ...body("pair.example"), name: "grinning \uD83D\uDE00" })).status).toBe(201);
    expect(await db().endpoint.count()).toBe(before + 1);
  });

  it("answers a body nested thousands deep with 400, not 500, and stores nothing", async () => {
    const before = await db().endpoint.count();
    const deep = `${"[".repeat(20_000)}"{{prompt}}"${"]".repeat(20_000)}`;
    const head = JSON.stringify({ ...body("deep.example"), wire_format: "custom_template", response_path: "$.t" }).slice(0, -1);
    const raw = `${head},"request_template":{"deep":${deep}}}`;
    const res = await call(create, { path: "/api/v2/endpoints", method: "POST", token: adminToken, ip: freshIp(), headers: { "content-type": "application/json" }, body: raw });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: "bad_request", detail: "The body nests arrays and objects deeper than 32 levels" });
    expect(await db().endpoint.count()).toBe(before);
  });

  it("stores the URL that is called, not a spelling that hides its host", async () => {
    const res = await send(create, adminToken, { ...body("x"), url: "https://127.0.0.3:4001\\@api.openai.com/v1/chat" });
    const view = (await res.json()) as { url: string };
    expect(res.status).toBe(201);
    expect(new URL(view.url).host).toBe("127.0.0.3:4001");
    expect(view.url).not.toContain("\\");
  });

  it.each([
    ["https://dup-a.example/race", "https://dup-a.example/%72ace"],
    ["https://dup-b.example/v1", "https://dup-b.example./v1"],
    ["https://[::ffff:127.0.0.4]/v1", "https://127.0.0.4/v1"],
  ])("finds %s and %s the same endpoint", async (first, second) => {
    expect((await send(create, adminToken, { ...body("d"), url: first })).status).toBe(201);
    const dup = await send(create, adminToken, { ...body("d"), url: second });
    expect(dup.status).toBe(409);
    expect(await dup.json()).toMatchObject({ code: "url_duplicate" });
  });
});
