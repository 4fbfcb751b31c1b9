import { z } from "zod";
import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject } from "zod-openapi";
import { ERROR_TABLE, type ErrorCode } from "@/lib/errors";
import { SCOPE_DESCRIPTIONS } from "@/lib/tokens/scopes";
import { inlineJsonValues } from "./json-values";
import { ROUTES } from "./registry";
import type { AnyRoute } from "./route";

// The OpenAPI 3.1 document, generated from the route declarations
// (./registry.ts): the same objects withApi enforces. Error responses come
// from the error table.

const problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int().min(400).max(599),
    detail: z.string(),
    code: z.string().meta({ description: "Machine-readable code, e.g. `missing_token`, `invalid_token`, `missing_scope`" }),
    request_id: z.string(),
    errors: z.array(z.object({ pointer: z.string(), code: z.string(), message: z.string() })).optional(),
  })
  .meta({ id: "Problem", description: "RFC 9457 problem details" });

const rateLimitHeaders = z.object({
  RateLimit: z.string().meta({ description: 'Remaining quota, e.g. "per-token";r=599;t=42' }),
  "RateLimit-Policy": z.string().meta({ description: 'Quota policy, e.g. "per-token";q=600;w=60' }),
});

/** What every route can answer from parsing, and token routes from authentication. */
const COMMON_ERRORS: ErrorCode[] = ["validation_failed", "token_in_query", "rate_limited"];
const TOKEN_ERRORS: ErrorCode[] = ["missing_token", "invalid_token", "expired_token", "missing_scope", "ip_not_allowed", "instance_header_forbidden", "not_found"];
const SUPERADMIN_ERRORS: ErrorCode[] = ["missing_token", "invalid_token", "expired_token", "ip_not_allowed", "superadmin_required", "cross_site_request", "not_found"];
const BODY_ERRORS: ErrorCode[] = ["bad_request", "payload_too_large", "unsupported_media_type"];

function errorResponses(spec: AnyRoute) {
  const codes = new Set<ErrorCode>([
    ...COMMON_ERRORS,
    ...(spec.auth === "token" ? TOKEN_ERRORS : spec.auth === "superadmin" ? SUPERADMIN_ERRORS : []),
    ...(spec.body ? BODY_ERRORS : []),
    ...Object.values(spec.fieldCodes ?? {}),
    ...(spec.errors ?? []),
  ]);
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of codes) byStatus.set(ERROR_TABLE[code].status, [...(byStatus.get(ERROR_TABLE[code].status) ?? []), code]);
  return Object.fromEntries(
    [...byStatus.entries()].sort(([a], [b]) => a - b).map(([status, list]) => [
      String(status),
      { description: `${ERROR_TABLE[list[0]].title}: ${list.map((code) => `\`${code}\``).join(", ")}`, content: { "application/problem+json": { schema: problem } } },
    ]),
  );
}

const instanceHeader = z.object({
  "x-instance-id": z.string().optional().meta({ description: "The instance (ins_…) to act on; without it, the control plane." }),
});

const AUTH_NOTES: Record<AnyRoute["auth"], (spec: AnyRoute) => string> = {
  token: (spec) => (spec.scope ? `Requires scope \`${spec.scope}\`.` : "Any valid workspace token."),
  superadmin: () =>
    "Superadmins only: a platform token, or a superadmin's console session on same-origin requests. Without `X-Instance-Id` it acts on the control plane; with it, on that instance.",
  public: () => "No authentication.",
};

const SECURITY: Record<AnyRoute["auth"], Record<string, string[]>[]> = {
  token: [{ bearer: [] }],
  superadmin: [{ platformToken: [] }, { session: [] }],
  public: [],
};

function operation(spec: AnyRoute): ZodOpenApiOperationObject {
  const ok = spec.response;
  return {
    operationId: spec.operationId,
    summary: spec.summary,
    description: [spec.description, AUTH_NOTES[spec.auth](spec)].filter(Boolean).join(" "),
    tags: [spec.tag],
    security: SECURITY[spec.auth],
    requestParams: {
      ...(spec.params ? { path: spec.params } : {}),
      ...(spec.query ? { query: spec.query as z.ZodObject } : {}),
      ...(spec.auth === "superadmin" ? { header: instanceHeader } : {}),
    },
    ...(spec.body ? { requestBody: { required: true, content: { "application/json": { schema: spec.body } } } } : {}),
    responses: {
      [String(ok.status)]: {
        description: ok.description,
        headers: rateLimitHeaders,
        ...(ok.schema ? { content: { "application/json": { schema: ok.schema } } } : {}),
      },
      ...Object.fromEntries((spec.otherResponses ?? []).map((r) => [String(r.status), { description: r.description, content: { "application/json": { schema: r.schema } } }])),
      ...errorResponses(spec),
    },
  };
}

function paths(): ZodOpenApiPathsObject {
  const out: ZodOpenApiPathsObject = {};
  for (const spec of ROUTES) out[spec.path] = { ...out[spec.path], [spec.method]: operation(spec) };
  return out;
}

/** What each tag groups, for the reference page's sections (a tag without one fails npm run lint:openapi). */
const TAG_DESCRIPTIONS: Record<string, string> = {
  Platform: "Health and this document. No authentication.",
  Tokens: "The calling API token.",
  Audit: "The workspace's append-only audit log: every token request and every console change.",
  Endpoints: "The workspace's LLM endpoints: register, change, delete, and test them through the egress guard.",
  DLP: "Data-loss-prevention rules: built-in detectors and custom patterns that endpoint tests enforce.",
  "LLM services": "Seed 002's LLM service instances of a user (by handle): endpoints whose key is sealed as a workspace secret and placed by an API standard.",
  "LLM configuration": "Superadmins: the LLM provider that AI features use, for the control plane or (X-Instance-Id) one instance; test the stored credentials.",
  "API standards": "How each provider family takes its API key (bearer header, key header, query parameter or none). Public to read; superadmins change them.",
};

const cached = new Map<string, ReturnType<typeof createDocument>>();

/** The document, with `servers` naming the origin it is served from. */
export function openApiDocument(origin = "http://localhost:3000") {
  let doc = cached.get(origin);
  if (!doc) {
    const generated = createDocument({
      openapi: "3.1.0",
      info: {
        title: "Penaxtra API",
        version: "2.0.0",
        description: `Bearer tokens are minted in the console (Settings → API tokens). Scopes: ${Object.keys(SCOPE_DESCRIPTIONS).join(", ")}. Errors are RFC 9457 problem details with a machine-readable code.`,
        license: { name: "Proprietary", identifier: "LicenseRef-Penaxtra" },
      },
      servers: [{ url: origin, description: "This Penaxtra server" }],
      tags: [...new Set(ROUTES.map((r) => r.tag))].map((name) => ({ name, ...(TAG_DESCRIPTIONS[name] ? { description: TAG_DESCRIPTIONS[name] } : {}) })),
      components: {
        securitySchemes: {
          bearer: { type: "http", scheme: "bearer", description: "pnx_… workspace API token (Settings → API tokens)" },
          platformToken: { type: "http", scheme: "bearer", description: "pnx_… platform token of a superadmin (Admin → Platform tokens); superadmin routes only" },
          session: { type: "apiKey", in: "cookie", name: "next-auth.session-token", description: "A superadmin's console session (same-origin requests only)" },
        },
      },
      paths: paths(),
    });
    doc = inlineJsonValues(generated);
    cached.set(origin, doc);
  }
  return doc;
}
