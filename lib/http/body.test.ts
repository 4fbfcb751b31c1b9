import { describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { call, freshIp, testRoute } from "@/test/api";
import { withApi } from "./with-api";
import { json } from "./respond";
import { MAX_JSON_BODY_BYTES, MAX_JSON_DEPTH, nestingDepth } from "./body";

// Request bodies through withApi with a body schema: media type, JSON syntax
// and the 64 KiB cap, whether or not the client declares a length.

const seen = vi.fn();
const route = withApi(testRoute({ auth: "public", body: z.object({ name: z.string() }) }), async ({ body }) => {
  seen(body);
  return json({ got: body.name });
});

const post = (body: BodyInit, headers: Record<string, string> = { "content-type": "application/json" }) =>
  call(route, { path: "/echo", method: "POST", body, headers, ip: freshIp() });

async function problem(res: Response, status: number, code: string) {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toContain("application/problem+json");
  const body = (await res.json()) as { status: number; code: string; type: string; request_id: string };
  expect(body).toMatchObject({ status, code });
  expect(body.request_id).toBe(res.headers.get("x-request-id"));
  return body;
}

/** A JSON body of exactly `bytes` bytes that passes the schema. */
function jsonOfSize(bytes: number): string {
  const shell = JSON.stringify({ name: "" });
  return JSON.stringify({ name: "x".repeat(bytes - shell.length) });
}

/** A body stream of `chunks` × 16 KiB that counts how much was pulled; no Content-Length. */
function countedStream(chunks: number) {
  const state = { pulled: 0, cancelled: false };
  const piece = new TextEncoder().encode(`{"name":"${"x".repeat(16 * 1024 - 10)}`);
  const filler = new TextEncoder().encode("x".repeat(16 * 1024));
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (state.pulled >= chunks) return controller.close();
      controller.enqueue(state.pulled === 0 ? piece : filler);
      state.pulled += 1;
    },
    cancel() {
      state.cancelled = true;
    },
  });
  return { stream, state };
}

describe("withApi request bodies", () => {
  it("accepts application/json and +json media types", async () => {
    seen.mockClear();
    const ok = await post(JSON.stringify({ name: "a" }));
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ got: "a" });
    expect((await post(JSON.stringify({ name: "b" }), { "content-type": "application/merge-patch+json; charset=utf-8" })).status).toBe(200);
    expect(seen).toHaveBeenCalledTimes(2);
  });

  it("answers 415 unsupported_media_type to a text/plain or untyped body, without calling the handler", async () => {
    seen.mockClear();
    await problem(await post(JSON.stringify({ name: "a" }), { "content-type": "text/plain" }), 415, "unsupported_media_type");
    await problem(await post(JSON.stringify({ name: "a" }), { "content-type": "application/x-www-form-urlencoded" }), 415, "unsupported_media_type");
    await problem(await post(JSON.stringify({ name: "a" }), {}), 415, "unsupported_media_type");
    expect(seen).not.toHaveBeenCalled();
  });

  it("answers 400 problem+json to a body that is not JSON", async () => {
    seen.mockClear();
    for (const bad of ["{bad json", '{"name": "a"', "nul"]) {
      const body = await problem(await post(bad), 400, "bad_request");
      expect(body.type).toBe("https://penaxtra.dev/problems/bad-request");
    }
    expect(seen).not.toHaveBeenCalled();
  });

  it(`takes ${MAX_JSON_DEPTH} levels of nesting and answers 400 to one more (20,000 levels used to overflow the stack: 500)`, async () => {
    seen.mockClear();
    const nest = (levels: number) => `{"name":"n","x":${"[".repeat(levels - 1)}${"]".repeat(levels - 1)}}`;
    expect((await post(nest(MAX_JSON_DEPTH))).status).toBe(200);
    for (const levels of [MAX_JSON_DEPTH + 1, 20_000]) {
      const body = await problem(await post(nest(levels)), 400, "bad_request");
      expect(body).toMatchObject({ detail: `The body nests arrays and objects deeper than ${MAX_JSON_DEPTH} levels` });
    }
    expect(seen).toHaveBeenCalledTimes(1);
  });

  it("counts nesting outside strings only, escaped quotes included", () => {
    expect(nestingDepth('{"a":"[[[{{{"}')).toBe(1);
    expect(nestingDepth('{"a":"\\"[[[","b":[{}]}')).toBe(3);
    expect(nestingDepth('["\\\\",[[]]]')).toBe(3);
  });

  it("takes a body of exactly 64 KiB and refuses one byte more (413 payload_too_large)", async () => {
    expect(MAX_JSON_BODY_BYTES).toBe(64 * 1024);
    const fits = await post(jsonOfSize(MAX_JSON_BODY_BYTES));
    expect(fits.status).toBe(200);
    await problem(await post(jsonOfSize(MAX_JSON_BODY_BYTES + 1)), 413, "payload_too_large");
  });

  it("refuses a declared Content-Length over 64 KiB before reading the body", async () => {
    const { stream, state } = countedStream(100);
    const res = await post(stream, { "content-type": "application/json", "content-length": String(100 * 16 * 1024) });
    await problem(res, 413, "payload_too_large");
    expect(state.pulled).toBeLessThanOrEqual(1); // at most what the stream buffers up front
  });

  it("refuses an oversized body without Content-Length, reading only just past the cap", async () => {
    seen.mockClear();
    const { stream, state } = countedStream(1000); // 16 MB if read to the end
    const res = await post(stream);
    await problem(res, 413, "payload_too_large");
    expect(state.pulled).toBeLessThanOrEqual(MAX_JSON_BODY_BYTES / (16 * 1024) + 2);
    expect(state.cancelled).toBe(true);
    expect(seen).not.toHaveBeenCalled();
  });

  it("refuses an oversized body whose Content-Length lies", async () => {
    const { stream } = countedStream(10);
    await problem(await post(stream, { "content-type": "application/json", "content-length": "20" }), 413, "payload_too_large");
  });
});

describe("an empty body", () => {
  // The seed's `curl -X POST …/test` sends neither a body nor a content type.
  const optional = withApi(testRoute({ auth: "public", body: z.object({ prompt: z.string() }).partial() }), async ({ body }) => json({ body: body ?? null }));

  it("is no body, with or without a content type", async () => {
    for (const headers of [{}, { "content-type": "text/plain" }, { "content-type": "application/x-www-form-urlencoded" }] as Record<string, string>[]) {
      const res = await call(optional, { path: "/opt", method: "POST", body: "", headers, ip: freshIp() });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ body: {} });
    }
  });

  it("but a non-empty body must still be JSON", async () => {
    const res = await call(optional, { path: "/opt", method: "POST", body: "prompt=hi", headers: { "content-type": "application/x-www-form-urlencoded" }, ip: freshIp() });
    await problem(res, 415, "unsupported_media_type");
  });
});
