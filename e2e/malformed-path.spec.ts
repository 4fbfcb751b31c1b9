import { test, expect } from "@playwright/test";

// A path whose percent-escapes are not UTF-8 is the client's mistake: 400 in
// the API's problem shape (scripts/server.mjs), not the bare 500 Next.js gives.

test("a path with malformed percent-encoding is 400 bad_request, on the API and the console alike", async ({ request }) => {
  for (const path of ["/api/v2/endpoints/%ff", "/api/v2/endpoints/%ED%A0%80", "/v1/api-standards/%E0%A4%A", "/app/%ff", "/api/health/%ff"]) {
    const res = await request.get(path, { maxRedirects: 0 });
    expect(res.status(), path).toBe(400);
    expect(res.headers()["content-type"]).toBe("application/problem+json");
    const body = await res.json();
    expect(body).toMatchObject({ status: 400, code: "bad_request", detail: "The URL path is not valid percent-encoded UTF-8" });
    expect(res.headers()["x-request-id"]).toBe(body.request_id);
    expect(body.request_id).toMatch(/^req_[0-9A-Za-z]{16}$/);
  }
  // Well-formed escapes, and malformed ones in the query string only, go through as before.
  const wellFormed = await request.get("/v1/api-standards/no-such-%61bc");
  expect(wellFormed.status()).toBe(404);
  expect(await wellFormed.json()).toMatchObject({ code: "not_found" });
  expect((await request.get("/api/health?x=%ff")).status()).toBe(200);
});
