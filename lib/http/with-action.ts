import "server-only";
import { headers } from "next/headers";
import type { z } from "zod";
import { AppError, type FieldError } from "@/lib/errors";
import { currentUser } from "@/lib/auth/session";
import type { UserActor } from "@/lib/auth/actor";
import { can, lowestRoleWith, type Permission } from "@/lib/auth/permissions";
import type { Role } from "@/lib/auth/roles";
import { isId } from "@/lib/ids";
import { throttleKeyOf } from "@/lib/ip";
import { roleIn } from "@/lib/instances/service";
import { recordAudit, recordRefusal } from "@/lib/audit/service";
import { consumeRequest } from "@/lib/ratelimit/limits";
import { fieldErrors, toAppError } from "./problem";
import { refuseUnstorableText } from "./storable-text";
import { requestMeta, type RequestMeta } from "./request-meta";

// The one server-action wrapper. Next.js already refuses actions whose Origin
// does not match the host; this adds the steps withApi takes for a token:
// authenticate (session) → rate-limit (per user) → authorize (the permission
// table, for the caller's role in a validated instance id) → parse → run →
// map errors → audit with the acting user. Nothing from the client reaches
// the audit log or a query before it has been checked: a refused call is
// audited in the control-plane log, never in the instance it aimed at.

export type ActionResult<T> =
  | { ok: true; data: T }
  | { ok: false; error: { code: string; message: string; fields?: FieldError[]; details?: Record<string, unknown> } };

export type ActionContext = RequestMeta & {
  user: UserActor;
  role: Role;
  instanceId: string | null;
  /** Names what the audit event is about when only the handler knows (e.g. a new id). */
  setAuditTarget(target: string): void;
};

type Spec<S extends z.ZodType> = {
  schema: S;
  /** Audit action name, e.g. "member.invite". */
  action: string;
  /** What the event is about, for the audit log (never a secret). */
  target?: (input: z.infer<S>) => string | null;
  /** What the caller's role must allow (lib/auth/permissions.ts). */
  permission?: Permission;
};

type Access = { instanceId: string | null; role: Role };

function parseInput<S extends z.ZodType>(schema: S, raw: unknown): z.infer<S> {
  refuseUnstorableText(raw);
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new AppError("validation_failed", "Check the highlighted fields", { errors: fieldErrors(parsed.error) });
  return parsed.data;
}

function failure<T>(e: unknown, requestId: string): { status: number; result: ActionResult<T> } {
  const err = toAppError(e, requestId);
  // details: the problem members the API answers too (e.g. existing_endpoint_id on url_duplicate).
  const details = err.extras.members;
  return { status: err.status, result: { ok: false, error: { code: err.code, message: err.message, fields: err.extras.errors, ...(details && { details }) } } };
}

async function run<S extends z.ZodType, R>(
  spec: Spec<S>,
  raw: unknown,
  authorize: (user: UserActor) => Promise<Access>,
  fn: (input: z.infer<S>, ctx: ActionContext) => Promise<R>,
): Promise<ActionResult<R>> {
  const meta = requestMeta(await headers());
  let user: UserActor | null = null;
  let access: Access | null = null;
  let target: string | null = null;
  let status = 200;
  try {
    user = await currentUser();
    if (!user) throw new AppError("unauthenticated", "Your session has ended; sign in again");
    await consumeRequest("per-user", user.id);
    access = await authorize(user);
    if (spec.permission && !can(access.role, spec.permission)) {
      throw new AppError("forbidden", `This needs the ${lowestRoleWith(spec.permission) ?? "owner"} role or higher`);
    }
    const input = parseInput(spec.schema, raw);
    target = spec.target?.(input) ?? null;
    const ctx: ActionContext = { ...meta, user, ...access, setAuditTarget: (t) => void (target = t) };
    return { ok: true, data: await fn(input, ctx) };
  } catch (e) {
    const failed = failure<R>(e, meta.requestId);
    status = failed.status;
    return failed.result;
  } finally {
    if (user) {
      const entry = { instanceId: access?.instanceId ?? null, actor: user, action: spec.action, target, status, ...meta };
      if (status === 429) recordRefusal(entry);
      else recordAudit(entry);
    }
  }
}

/**
 * An action inside an instance, allowed when the caller's role there holds
 * `spec.permission` (lib/auth/permissions.ts). The instance id is checked for
 * shape, then membership, before anything else uses it.
 */
export function instanceAction<S extends z.ZodType, R>(
  spec: Spec<S> & { permission: Permission },
  fn: (input: z.infer<S>, ctx: ActionContext & { instanceId: string }) => Promise<R>,
): (instanceId: string, input: z.input<S>) => Promise<ActionResult<R>> {
  return async (instanceId, raw) =>
    run(spec, raw, async (user) => {
      // Not a member (or not an id at all): refused before the id is used, audited in the control-plane log.
      const role = isId("ins", instanceId) ? await roleIn(user, instanceId) : null;
      if (!role) throw new AppError("not_found", "Workspace not found");
      // A member: from here on (a role too low included) the event belongs to their workspace's log.
      return { instanceId, role };
    }, (input, ctx) => fn(input, { ...ctx, instanceId: ctx.instanceId! }));
}

/** A control-plane action: superadmins only. */
export function superadminAction<S extends z.ZodType, R>(
  spec: Spec<S>,
  fn: (input: z.infer<S>, ctx: ActionContext) => Promise<R>,
): (input: z.input<S>) => Promise<ActionResult<R>> {
  return async (raw) =>
    run(spec, raw, async (user) => {
      if (!user.isSuperadmin) throw new AppError("forbidden", "Only superadmins can do this");
      return { instanceId: null, role: "owner" };
    }, fn);
}

/** An action of a signed-in user about themselves (their password, their invitations). */
export function userAction<S extends z.ZodType, R>(
  spec: Spec<S>,
  fn: (input: z.infer<S>, ctx: ActionContext) => Promise<R>,
): (input: z.input<S>) => Promise<ActionResult<R>> {
  return async (raw) => run(spec, raw, async () => ({ instanceId: null, role: "viewer" }), fn);
}

/**
 * An action without a session (first-run setup, accepting an invitation with
 * a new password): rate-limited per client (IPv6 by /64) before anything
 * else, because these may hash a password. The handler audits itself.
 */
export function publicAction<S extends z.ZodType, R>(
  schema: S,
  fn: (input: z.infer<S>, meta: RequestMeta) => Promise<R>,
): (input: z.input<S>) => Promise<ActionResult<R>> {
  return async (raw) => {
    const meta = requestMeta(await headers());
    try {
      await consumeRequest("public-action", throttleKeyOf(meta.clientIp));
      return { ok: true, data: await fn(parseInput(schema, raw), meta) };
    } catch (e) {
      return failure<R>(e, meta.requestId).result;
    }
  };
}
