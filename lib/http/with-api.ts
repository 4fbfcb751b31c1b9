import "server-only";
import type { z } from "zod";
import { AppError } from "@/lib/errors";
import { recordAudit, recordRefusal } from "@/lib/audit/service";
import type { IdentifiedToken, TokenPrincipal } from "@/lib/tokens/authenticate";
import { authenticate, consumeTokenBudget } from "./bearer";
import { TOKEN_LIKE } from "@/lib/tokens/format";
import type { Scope } from "@/lib/tokens/scopes";
import type { AnyRoute, BodyOf, QueryOf, RouteSpec } from "@/lib/openapi/route";
import { consumeRequest, rateLimitHeaders, type RateLimitState } from "@/lib/ratelimit/limits";
import { instanceExists } from "@/lib/instances/service";
import { isId } from "@/lib/ids";
import { throttleKeyOf } from "@/lib/ip";
import { readJsonBody } from "./body";
import { refuseUnstorableText } from "./storable-text";
import { fieldErrors, problemResponse, toAppError } from "./problem";
import { requestMeta } from "./request-meta";
import { log } from "@/lib/log";
import type { UserActor } from "@/lib/auth/actor";
import { authenticateSuperadmin, type Seen, type SuperadminPrincipal } from "./superadmin";

// The one route wrapper: authenticate → rate-limit → resolve instance →
// authorize → parse → handler → map errors → audit. Each step is a small
// function below; authorization happens here, in the handler's process, never
// only in middleware. What each route needs (scope, schemas) comes from its
// declaration (lib/openapi/route.ts), the same object the OpenAPI document
// is generated from.

type Params = Record<string, string | string[]>;

type Common<B, Q> = {
  req: Request;
  params: Params;
  requestId: string;
  clientIp: string | null;
  body: B;
  query: Q;
  /** Names what the audit row is about (e.g. the endpoint id a create made). */
  setAuditTarget(target: string): void;
};
/** A workspace token's request: its principal and the instance it acts in. */
export type TokenContext<B, Q> = Common<B, Q> & { principal: TokenPrincipal; instanceId: string };
/**
 * A superadmin's request (console session or platform token): the scope it
 * acts on is the instance named by X-Instance-Id, or the control plane (null).
 */
export type SuperadminContext<B, Q> = Common<B, Q> & { principal: SuperadminPrincipal; instanceId: string | null };
export type PublicContext<B, Q> = Common<B, Q>;

type RouteHandler = (req: Request, ctx: { params: Promise<Params> }) => Promise<Response>;

/** What a handler receives: a token route knows its principal and instance. */
export type ContextFor<S extends AnyRoute> = S["auth"] extends "token"
  ? TokenContext<BodyOf<S>, QueryOf<S>>
  : S["auth"] extends "superadmin"
    ? SuperadminContext<BodyOf<S>, QueryOf<S>>
    : PublicContext<BodyOf<S>, QueryOf<S>>;

/** Who called, as far as authentication got: audited even when refused. */
type Caller = { actor: IdentifiedToken | UserActor; instanceId: string | null };

export function withApi<const S extends AnyRoute>(spec: S, handler: (ctx: ContextFor<S>) => Promise<Response>): RouteHandler {
  type B = BodyOf<S>;
  type Q = QueryOf<S>;
  return async (req, routeCtx) => {
    const { requestId, clientIp: ip } = requestMeta(req.headers);
    const clientKey = throttleKeyOf(ip);
    const url = new URL(req.url);
    const started = performance.now();
    let limit: RateLimitState | undefined;
    let caller: Caller | undefined;
    let auditTarget: string | undefined;
    let response: Response;
    try {
      refuseTokenInQuery(url);
      let principal: TokenPrincipal | SuperadminPrincipal | undefined;
      let instanceId: string | null | undefined;
      if (spec.auth === "token") {
        const { result: auth, failureBudget } = await authenticate(req, ip, clientKey);
        const identified = auth.ok ? auth.principal : auth.identified;
        if (identified) caller = { actor: identified, instanceId: identified.instanceId };
        if (!auth.ok) {
          limit = failureBudget; // a refused request advertises the failed-auth budget
          throw auth.error;
        }
        principal = auth.principal;
        limit = await consumeTokenBudget(auth.principal, clientKey);
        instanceId = await resolveInstance(req, auth.principal);
        caller = { actor: auth.principal, instanceId }; // a superadmin's switched request is audited where it acted
        authorize(auth.principal, spec.scope);
      } else if (spec.auth === "superadmin") {
        const seen: Seen = {};
        try {
          principal = await authenticateSuperadmin(req, ip, clientKey, seen);
        } finally {
          caller = seen.caller;
          limit = seen.limit;
        }
        instanceId = await instanceFromHeader(req);
        caller = { actor: principal, instanceId }; // audited in the log of the scope it acted on
      } else {
        limit = await consumeRequest("per-ip", clientKey);
      }
      const params = await routeCtx.params;
      if (spec.params) parseWith(spec.params, params, "/path", spec.fieldCodes);
      const query = (spec.query ? parseWith(spec.query, Object.fromEntries(url.searchParams), "/query", spec.fieldCodes) : undefined) as Q;
      const body = (spec.body ? parseWith(spec.body, await readJsonBody(req), "", spec.fieldCodes) : undefined) as B;
      const setAuditTarget = (target: string) => void (auditTarget = target);
      response = await handler({ req, params, requestId, clientIp: ip, body, query, setAuditTarget, principal, instanceId } as ContextFor<S>);
    } catch (e) {
      const err = withRouteDetail(toAppError(e, requestId), spec);
      if (err.code === "rate_limited" && err.extras.headers) limit = undefined; // the error carries its own
      response = problemResponse(err, requestId);
    }
    response.headers.set("x-request-id", requestId);
    if (limit) for (const [k, v] of Object.entries(rateLimitHeaders(limit))) response.headers.set(k, v);
    if (caller) {
      const entry = { instanceId: caller.instanceId, actor: caller.actor, action: spec.auditAction ?? "api.request", target: auditTarget ?? null };
      auditRequest(entry, req.method, url.pathname, response.status, ip, requestId);
    }
    // The access log: path without its query string, the token by short id only.
    const tokenShortId = caller?.actor.kind === "token" ? caller.actor.shortId : undefined;
    const userId = caller?.actor.kind === "user" ? caller.actor.id : undefined;
    log.info({ requestId, method: req.method, path: url.pathname, status: response.status, ms: Math.round(performance.now() - started), clientIp: ip, tokenShortId, userId }, "api request");
    return response;
  };
}

/** A route may word its authentication refusals itself (seed 002 fixes their `detail`). */
function withRouteDetail(err: AppError, spec: AnyRoute): AppError {
  const detail = err.status === 401 ? spec.authErrors?.unauthorized : err.code === "superadmin_required" ? spec.authErrors?.forbidden : undefined;
  return detail ? new AppError(err.code, detail, err.extras) : err;
}

function refuseTokenInQuery(url: URL): void {
  for (const [key, value] of url.searchParams) {
    if (/^(access_token|token|api_key|apikey|bearer)$/i.test(key) || TOKEN_LIKE.test(value)) {
      throw new AppError("token_in_query", "Tokens are accepted only in the Authorization header; a token in a URL leaks into logs and history");
    }
  }
}

/** X-Instance-Id switches instance for superadmin principals only; for anyone else it is an error. */
async function resolveInstance(req: Request, principal: TokenPrincipal): Promise<string> {
  if (principal.instanceId === null) {
    throw new AppError("platform_token_not_accepted", "Platform tokens are accepted only by superadmin routes; use a workspace token");
  }
  const requested = req.headers.get("x-instance-id");
  if (!requested || requested === principal.instanceId) return principal.instanceId;
  if (!principal.isSuperadmin) {
    throw new AppError("instance_header_forbidden", "X-Instance-Id is honoured only for superadmin tokens");
  }
  return (await instanceFromHeader(req))!;
}

/** The instance X-Instance-Id names (checked for shape, then existence), or null without the header. */
async function instanceFromHeader(req: Request): Promise<string | null> {
  const requested = req.headers.get("x-instance-id");
  if (requested === null) return null;
  if (!isId("ins", requested)) {
    throw new AppError("validation_failed", "X-Instance-Id is not an instance id", {
      errors: [{ pointer: "/headers/x-instance-id", code: "invalid_format", message: "Use an instance id such as ins_…" }],
    });
  }
  if (!(await instanceExists(requested))) throw new AppError("not_found", "Instance not found");
  return requested;
}

function authorize(principal: TokenPrincipal, scope: Scope | undefined): void {
  if (scope && !principal.scopes.includes(scope)) {
    throw new AppError("missing_scope", `Token lacks the required scope ${scope}`);
  }
}

/**
 * Parses one part of the request; a failure is 400 validation_failed with
 * pointers, or the route's own code for a field it names (fieldCodes).
 */
function parseWith<T>(schema: z.ZodType<T>, input: unknown, root: string, fieldCodes: RouteSpec["fieldCodes"] = {}): T {
  refuseUnstorableText(input, root);
  const parsed = schema.safeParse(input ?? {});
  if (!parsed.success) {
    const errors = fieldErrors(parsed.error, root);
    const special = errors.find((e) => fieldCodes[e.pointer]);
    if (special) throw new AppError(fieldCodes[special.pointer], special.message, { errors });
    throw new AppError("validation_failed", "The request is not valid", { errors });
  }
  return parsed.data;
}

/**
 * One audit row per request of an identified caller, in the instance it acted
 * in (the row keeps a token's home instance when that differs; a superadmin
 * route without X-Instance-Id writes to the control-plane log). Refusals
 * (401, 403, 429) are counted per token, instance, status and minute instead.
 */
function auditRequest(
  what: { instanceId: string | null; actor: IdentifiedToken | UserActor; action: string; target: string | null },
  method: string,
  path: string,
  status: number,
  clientIp: string | null,
  requestId: string,
): void {
  const entry = { ...what, method, path, status, clientIp, requestId };
  if (status === 401 || status === 403 || status === 429) recordRefusal(entry);
  else recordAudit(entry);
}
