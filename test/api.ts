import { defineRoute, type AnyRoute } from "@/lib/openapi/route";
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
