import { z } from "zod";
import { ERROR_TABLE, type ErrorCode } from "@/lib/errors";
import { defineRoute, type AnyRoute, type ResponseOf } from "@/lib/openapi/route";
import { PEER_HEADER } from "@/lib/ip/client-ip";
import { mintToken, type Minter } from "@/lib/tokens/service";
import { createTokenSchema, type CreateTokenInput } from "@/lib/tokens/schema";

type Handler = (req: Request, ctx: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>;

/** Calls a route handler the way server.mjs would: the socket address stamped in PEER_HEADER. */
export async function call(
  handler: Handler,
  opts: { path: string; method?: string; token?: string; ip?: string; headers?: Record<string, string>; body?: BodyInit; params?: Record<string, string> },
): Promise<Response> {
  const headers = new Headers(opts.headers);
  headers.set(PEER_HEADER, opts.ip ?? "127.0.0.1");
  if (opts.token) headers.set("authorization", `Bearer ${opts.token}`);
  const req = new Request(`http://localhost${opts.path}`, { method: opts.method ?? "GET", headers, body: opts.body, duplex: "half" } as RequestInit);
  return handler(req, { params: Promise.resolve(opts.params ?? {}) });
}

/** Mints a token through the real service for a test principal. */
export async function mint(instanceId: string, minter: Minter, input: Partial<CreateTokenInput> = {}) {
  return mintToken(instanceId, minter, createTokenSchema.parse({ name: "test token", scopes: ["audit:read"], ...input }));
}

let ipCounter = 0;
/** A client IP no other test uses (keeps per-IP throttles apart). */
export function freshIp(): string {
  ipCounter += 1;
  return `198.51.${Math.floor(ipCounter / 250) + (process.pid % 200)}.${(ipCounter % 250) + 1}`;
}

/** A route declaration for a test-only handler: the given parts, plus the fields every route has. */
export function testRoute<const S extends Partial<AnyRoute> & Pick<AnyRoute, "auth">>(parts: S) {
  return defineRoute({
    method: "post",
    path: "/test",
    operationId: "testRoute",
    summary: "Test route",
    tag: "Test",
    response: { status: 200, description: "OK" },
    ...parts,
  } as const);
}

// ---------------------------------------------------------------- declared answers

/** RFC 9457 problem details as withApi writes them; error extras (rule_id, existing_endpoint_id…) may follow. */
const problemSchema = z.looseObject({
  type: z.string().startsWith("https://"),
  title: z.string().min(1),
  status: z.number().int(),
  detail: z.string(),
  code: z.string().refine((code) => code in ERROR_TABLE, "not a code of lib/errors.ts"),
  request_id: z.string().min(1),
  errors: z.array(z.strictObject({ pointer: z.string(), code: z.string(), message: z.string() })).optional(),
});
export type Problem = z.infer<typeof problemSchema> & { code: ErrorCode };

export type RouteAnswer<S extends AnyRoute> =
  | { kind: "success"; status: number; body: ResponseOf<S>; res: Response }
  | { kind: "other"; status: number; body: unknown; res: Response }
  | { kind: "problem"; status: number; problem: Problem; res: Response };

/** JSON pointers of the members `raw` has and `parsed` (the schema's output, which strips unknown keys) lacks. */
export function extraFields(raw: unknown, parsed: unknown, at = ""): string[] {
  if (Array.isArray(raw) && Array.isArray(parsed)) return raw.flatMap((item, i) => extraFields(item, parsed[i], `${at}/${i}`));
  if (!raw || typeof raw !== "object" || !parsed || typeof parsed !== "object" || Array.isArray(parsed)) return [];
  return Object.entries(raw).flatMap(([key, value]) => (key in parsed ? extraFields(value, (parsed as Record<string, unknown>)[key], `${at}/${key}`) : [`${at}/${key}`]));
}

function fail(spec: AnyRoute, status: number, why: string): never {
  throw new Error(`${spec.method.toUpperCase()} ${spec.path} (${spec.operationId}) answered ${status}: ${why}`);
}

/**
 * Calls a declared route's handler as a client would (path built from the
 * declaration and `params`, JSON body) and holds the answer to the declaration:
 * a declared status has exactly its schema's body (a field the schema lacks
 * fails, even where the schema would strip it) or none for 204; any other
 * status is problem+json whose code belongs to that status in lib/errors.ts.
 */
export async function callRoute<S extends AnyRoute>(
  spec: S,
  handler: Handler,
  opts: { token?: string; ip?: string; params?: Record<string, string>; query?: Record<string, string>; body?: unknown; headers?: Record<string, string> } = {},
): Promise<RouteAnswer<S>> {
  const path = spec.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    if (opts.params?.[name] === undefined) throw new Error(`callRoute: ${spec.path} needs params.${name}`);
    return encodeURIComponent(opts.params[name]);
  });
  const search = opts.query ? `?${new URLSearchParams(opts.query)}` : "";
  const res = await call(handler, {
    path: `${path}${search}`,
    method: spec.method.toUpperCase(),
    token: opts.token,
    ip: opts.ip ?? freshIp(),
    params: opts.params,
    headers: { ...(opts.body === undefined ? {} : { "content-type": "application/json" }), ...opts.headers },
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
  });
  const status = res.status;
  const text = await res.text();
  const type = res.headers.get("content-type") ?? "";
  const declared = [spec.response, ...(spec.otherResponses ?? [])].find((r) => r.status === status);
  if (declared) {
    if (!declared.schema) {
      if (text !== "") fail(spec, status, `a body where the declaration has none: ${text.slice(0, 200)}`);
      return { kind: status === spec.response.status ? "success" : "other", status, body: undefined as ResponseOf<S>, res };
    }
    if (!type.startsWith("application/json")) fail(spec, status, `content-type ${type || "(none)"}, not application/json`);
    const raw: unknown = JSON.parse(text);
    const parsed = declared.schema.safeParse(raw);
    if (!parsed.success) fail(spec, status, `a body its declared schema refuses:\n${z.prettifyError(parsed.error)}`);
    const extra = extraFields(raw, parsed.data);
    if (extra.length > 0) fail(spec, status, `fields its declared schema lacks: ${extra.join(", ")}`);
    return status === spec.response.status ? { kind: "success", status, body: parsed.data as ResponseOf<S>, res } : { kind: "other", status, body: parsed.data, res };
  }
  if (!type.startsWith("application/problem+json")) fail(spec, status, `an undeclared status with content-type ${type || "(none)"}, not application/problem+json: ${text.slice(0, 200)}`);
  const problem = problemSchema.safeParse(JSON.parse(text));
  if (!problem.success) fail(spec, status, `a malformed problem:\n${z.prettifyError(problem.error)}`);
  const code = problem.data.code as ErrorCode;
  if (problem.data.status !== status || ERROR_TABLE[code].status !== status) fail(spec, status, `problem code ${code} (status ${problem.data.status}) belongs to ${ERROR_TABLE[code].status}`);
  return { kind: "problem", status, problem: problem.data as Problem, res };
}

/** callRoute that must succeed with the declared status: the parsed body, or an error naming the problem. */
export async function succeed<S extends AnyRoute>(spec: S, handler: Handler, opts: Parameters<typeof callRoute>[2] = {}): Promise<ResponseOf<S>> {
  const answer = await callRoute(spec, handler, opts);
  if (answer.kind === "problem") fail(spec, answer.status, `${answer.problem.code}: ${answer.problem.detail}${answer.problem.errors ? ` ${JSON.stringify(answer.problem.errors)}` : ""}`);
  if (answer.kind !== "success") fail(spec, answer.status, `not the declared ${spec.response.status}`);
  return answer.body;
}
