import { test, expect } from "@playwright/test";
import { SUPERADMIN_STATE } from "./fixtures";

// The seeds' own paths against the real server: each answers directly, with
// and without the trailing slash, never through a redirect (a scripted client
// must not need -L). The superadmin's console session is the credential for
// the LLM configuration routes here; platform tokens are covered in vitest.

test.use({ storageState: SUPERADMIN_STATE });

const noRedirect = { maxRedirects: 0 };

test("seed 002: /v1/api-standards and /v1/api-standards/{handle} answer publicly, slash or not", async ({ playwright, baseURL }) => {
  const anonymous = await playwright.request.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
  for (const path of ["/v1/api-standards", "/v1/api-standards/"]) {
    const res = await anonymous.get(path, noRedirect);
    expect(res.status(), path).toBe(200);
    const { standards } = await res.json();
    expect(standards.slice(0, 3).map((s: { api_standard_handle: string }) => s.api_standard_handle)).toEqual(["openai", "cohere", "gemini"]);
  }
  const gemini = await anonymous.get("/v1/api-standards/gemini", noRedirect);
  expect(await gemini.json()).toEqual({
    api_standard_handle: "gemini",
    description: "Google Gemini Embedding API as documented in https://ai.google.dev/gemini-api/docs/embeddings",
    key_method: "query_param",
    key_field: "key",
  });
  const write = await anonymous.post("/v1/api-standards", { data: { api_standard_handle: "x", description: "x", key_method: "none", key_field: "" }, ...noRedirect });
  expect(write.status()).toBe(401);
  expect((await write.json()).detail).toBe("Invalid or missing authorization credentials");
  // The LLM services API is behind a workspace token: reaching its 401 proves the rewrite.
  const services = await anonymous.get("/v1/llm-services/alice", noRedirect);
  expect(services.status()).toBe(401);
  await anonymous.dispose();
});

test("seed 001: /llm-config/ and /llm-config answer the superadmin's session without a redirect", async ({ request, baseURL }) => {
  for (const path of ["/llm-config/", "/llm-config", "/api/v2/llm-config/", "/api/v2/llm-config"]) {
    const res = await request.get(path, noRedirect);
    expect(res.status(), path).toBe(200);
    const body = await res.json();
    expect(body === null || typeof body.provider === "string", path).toBe(true);
  }
  // test-connection with or without a configuration: a JSON answer, never a redirect.
  const tc = await request.post("/llm-config/test-connection/", { headers: { origin: baseURL! }, ...noRedirect });
  expect([200, 404]).toContain(tc.status());
  // A cross-site page cannot use the session to change the configuration.
  const forged = await request.post("/llm-config/", {
    headers: { origin: "https://evil.example" },
    data: { provider: "openai", model: "gpt-4o", api_key: "sk-forged-000000000000" },
    ...noRedirect,
  });
  expect(forged.status()).toBe(403);
  expect((await forged.json()).code).toBe("cross_site_request");
});
