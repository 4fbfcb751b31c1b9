import type { ChildProcess } from "node:child_process";
import { test, expect } from "@playwright/test";
import { FAKE_KEY, startFakeUpstream } from "../test/fake-upstream";
import { cliOk, createTestDatabase, startServer, stopServers, waitHealthy } from "./processes";
import { recordCleartext } from "./fixtures";


// The seed's curl examples against a real server (`npm start`'s server on
// PostgreSQL) with a token minted by the CLI: create an endpoint, test it
// against a loopback fake upstream of each wire format, and get each failure
// reason from its fault.

const PORT = 3260;
const BASE = `http://127.0.0.1:${PORT}`;

let db: ReturnType<typeof createTestDatabase>;
let server: ChildProcess;
let upstream: Awaited<ReturnType<typeof startFakeUpstream>>;
let token = "";

test.beforeAll(async () => {
  test.setTimeout(180_000);
  db = createTestDatabase("penaxtra_endpoint_test");
  process.env.PENAXTRA_SEAL_KEY = cliOk(["keys:generate"], db.url).entry;
  cliOk(["admin:create", "--email", "ops@penaxtra.test"], db.url, "ops-password-12345");
  const instance = cliOk(["instance:create", "--name", "Endpoint tests"], db.url);
  const minted = cliOk(["token:create", "--instance", instance.id, "--email", "ops@penaxtra.test", "--name", "ci", "--scopes", "endpoints:read,endpoints:write"], db.url);
  token = minted.token;
  recordCleartext(token);
  cliOk(["secret:set", "--instance", instance.id, "--name", "upstream_llm_key"], db.url, FAKE_KEY);
  cliOk(["secret:set", "--instance", instance.id, "--name", "wrong_key"], db.url, "not-the-upstream-key");
  upstream = await startFakeUpstream();
  server = startServer(PORT, { DATABASE_URL: db.url, PENAXTRA_SEAL_KEY: process.env.PENAXTRA_SEAL_KEY!, PENAXTRA_EGRESS_ALLOW: "127.0.0.1/32", PENAXTRA_EGRESS_TIMEOUT_MS: "1500" });
  await waitHealthy(PORT);
});

test.afterAll(async () => {
  await stopServers(server ? [server] : []);
  await upstream?.close();
  db?.drop();
});

const headers = () => ({ authorization: `Bearer ${token}`, "content-type": "application/json" });

async function createEndpoint(body: Record<string, unknown>) {
  const res = await fetch(`${BASE}/api/v2/endpoints`, { method: "POST", headers: headers(), body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function runTest(id: string) {
  const res = await fetch(`${BASE}/api/v2/endpoints/${id}/test`, { method: "POST", headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

let n = 0;
const base = (path: string, format: string, more: Record<string, unknown> = {}) => ({
  name: `Endpoint ${++n}`,
  url: upstream.url(`${path}?deployment=${n}`),
  wire_format: format,
  model: "model-name-from-provider",
  tags: ["e2e"],
  ...(format === "custom_template" ? { request_template: { input: "{{prompt}}" }, response_path: "$.output.text" } : {}),
  ...more,
});

test("the seed's create example answers the seed's response shape", async () => {
  const { status, body } = await createEndpoint({
    name: "Production customer chatbot",
    url: upstream.url("/chat_completions_v1/bearer"),
    wire_format: "chat_completions_v1",
    model: "model-name-from-provider",
    auth_header: "Authorization",
    auth_value_secret_ref: "secret:upstream_llm_key",
    owner_user_id: "current",
    tags: ["customer-facing", "kyc"],
  });
  expect(status).toBe(201);
  expect(body).toMatchObject({ name: "Production customer chatbot", wire_format: "chat_completions_v1", model: "model-name-from-provider", status: "active" });
  expect(String(body.id)).toMatch(/^ep_/);
  expect(Object.keys(body)).toEqual(expect.arrayContaining(["id", "name", "url", "wire_format", "model", "status", "created_at"]));
  expect(JSON.stringify(body)).not.toContain(FAKE_KEY);
  const tested = await runTest(String(body.id));
  expect(tested).toMatchObject({ status: 200, body: { verdict: "pass", reason: null, upstream_status: 200 } });
  expect(Object.keys(tested.body).sort()).toEqual(["detail", "endpoint_id", "latency_ms", "reason", "test_id", "tested_at", "upstream_status", "verdict"]);
});

for (const format of ["chat_completions_v1", "text_completions_v1", "messages_v1", "custom_template"]) {
  test(`a healthy ${format} upstream passes`, async () => {
    const created = await createEndpoint(base(`/${format}/ok`, format));
    expect(created.status).toBe(201);
    const { status, body } = await runTest(String(created.body.id));
    expect(status).toBe(200);
    expect(body).toMatchObject({ endpoint_id: created.body.id, upstream_status: 200, verdict: "pass", reason: null });
    expect(typeof body.latency_ms).toBe("number");
  });
}

const FAULTS: [string, string, string, Record<string, unknown>?][] = [
  ["auth_header_missing", "/chat_completions_v1/bearer", "chat_completions_v1"],
  ["auth_rejected", "/messages_v1/x-api-key", "messages_v1", { auth_header: "x-api-key", auth_value_secret_ref: "secret:wrong_key" }],
  ["schema_mismatch", "/text_completions_v1/malformed/choices", "text_completions_v1"],
  ["upstream_error", "/chat_completions_v1/error", "chat_completions_v1"],
  ["timeout", "/chat_completions_v1/slow", "chat_completions_v1"],
  ["response_too_large", "/chat_completions_v1/big", "chat_completions_v1"],
  ["redirect_refused", `/chat_completions_v1/redirect/${encodeURIComponent("http://127.0.0.2:9/")}`, "chat_completions_v1"],
];

for (const [reason, path, format, more] of FAULTS) {
  test(`the test reports ${reason}`, async () => {
    const body = base(path, format);
    if (more) Object.assign(body, more);
    const created = await createEndpoint(body);
    expect(created.status).toBe(201);
    const res = await runTest(String(created.body.id));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ verdict: "fail", reason });
    expect(String(res.body.detail)).not.toContain(FAKE_KEY);
    expect(String(res.body.detail)).not.toContain("deployment=");
  });
}

test("the test reports connection_refused and egress_blocked", async () => {
  const closed = await createEndpoint({ name: "closed port", url: "http://127.0.0.1:9/v1", wire_format: "chat_completions_v1", model: "m" });
  expect((await runTest(String(closed.body.id))).body).toMatchObject({ verdict: "fail", reason: "connection_refused" });
  const metadata = await createEndpoint({ name: "metadata", url: "https://169.254.169.254/latest/meta-data", wire_format: "chat_completions_v1", model: "m" });
  expect((await runTest(String(metadata.body.id))).body).toMatchObject({ verdict: "fail", reason: "egress_blocked", upstream_status: null });
});
