import { z } from "zod";
import { createDocument, type ZodOpenApiOperationObject } from "zod-openapi";
import { auditEventSchema, auditPageSchema, auditQuerySchema } from "@/lib/audit/schema";
import { tokenSelfSchema } from "@/lib/tokens/schema";
import { SCOPE_DESCRIPTIONS } from "@/lib/tokens/scopes";

// The OpenAPI 3.1 document, generated from the same zod schemas that parse
// requests. Only live routes are listed; openapi.test.ts keeps this list and
// app/api in step.

const problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string().meta({ description: "Machine-readable code, e.g. missing_token, invalid_token, missing_scope" }),
    request_id: z.string(),
    errors: z.array(z.object({ pointer: z.string(), code: z.string(), message: z.string() })).optional(),
  })
  .meta({ id: "Problem", description: "RFC 9457 problem details" });

const problemContent = { "application/problem+json": { schema: problem } };

const rateLimitHeaders = z.object({
  RateLimit: z.string().meta({ description: 'Remaining quota, e.g. "per-token";r=599;t=42' }),
  "RateLimit-Policy": z.string().meta({ description: 'Quota policy, e.g. "per-token";q=600;w=60' }),
});

const errors = (...statuses: number[]) =>
  Object.fromEntries(statuses.map((s) => [String(s), { description: ERROR_DESCRIPTIONS[s] ?? "Error", content: problemContent }]));

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: "Invalid request (validation_failed with pointers, token_in_query)",
  401: "missing_token, invalid_token or expired_token",
  403: "missing_scope, ip_not_allowed or instance_header_forbidden",
  404: "Not found (also for another instance's objects)",
  429: "rate_limited, with Retry-After",
};

function tokenRoute(scope: keyof typeof SCOPE_DESCRIPTIONS | null, op: ZodOpenApiOperationObject): ZodOpenApiOperationObject {
  return {
    ...op,
    security: [{ bearer: [] }],
    description: [op.description, scope ? `Requires scope \`${scope}\`.` : "Any valid token."].filter(Boolean).join(" "),
    responses: { ...op.responses, ...errors(400, 401, 403, 429) },
  };
}

export const LIVE_OPERATIONS = {
  "/api/health": {
    get: {
      summary: "Health",
      description: "Liveness and database reachability. No authentication.",
      responses: {
        "200": { description: "Healthy", content: { "application/json": { schema: z.object({ status: z.enum(["ok", "degraded"]), database: z.enum(["ok", "unreachable"]) }) } } },
        "503": { description: "Database unreachable" },
      },
    },
  },
  "/api/v2/openapi.json": {
    get: { summary: "This document", responses: { "200": { description: "OpenAPI 3.1 document" } } },
  },
  "/api/v2/tokens/self": {
    get: tokenRoute(null, {
      summary: "The calling token",
      description: "Name, short id, scopes, expiry and instance of the token in the Authorization header.",
      responses: { "200": { description: "The token", headers: rateLimitHeaders, content: { "application/json": { schema: tokenSelfSchema } } } },
    }),
  },
  "/api/v2/audit": {
    get: tokenRoute("audit:read", {
      summary: "List audit events",
      description: "Newest first. Pass next_cursor as cursor for the next page.",
      requestParams: { query: auditQuerySchema },
      responses: { "200": { description: "A page of events", headers: rateLimitHeaders, content: { "application/json": { schema: auditPageSchema } } } },
    }),
  },
  "/api/v2/audit/{id}": {
    get: tokenRoute("audit:read", {
      summary: "Get an audit event",
      requestParams: { path: z.object({ id: z.string() }) },
      responses: { "200": { description: "The event", headers: rateLimitHeaders, content: { "application/json": { schema: auditEventSchema } } }, ...errors(404) },
    }),
  },
} satisfies Record<string, Record<string, ZodOpenApiOperationObject>>;

let cached: ReturnType<typeof createDocument> | undefined;

export function openApiDocument() {
  cached ??= createDocument({
    openapi: "3.1.0",
    info: {
      title: "Penaxtra API",
      version: "2.0.0",
      description: `Bearer tokens are minted in the console (Settings → API tokens). Scopes: ${Object.keys(SCOPE_DESCRIPTIONS).join(", ")}.`,
    },
    components: { securitySchemes: { bearer: { type: "http", scheme: "bearer", description: "pnx_… API token" } } },
    paths: LIVE_OPERATIONS,
  });
  return cached;
}
