import "server-only";
import { headers } from "next/headers";
import type { z } from "zod";
import { AppError, type FieldError } from "@/lib/errors";
import { currentUser } from "@/lib/auth/session";
import { roleAtLeast, type Role } from "@/lib/auth/roles";
import { roleIn, type SessionUser } from "@/lib/instances/service";
import { recordAudit } from "@/lib/audit/service";
import { clientIp } from "./client-ip";
import { fieldErrors, toAppError } from "./problem";
import { requestIdFrom } from "./request-id";

// The one server-action wrapper. Next.js already refuses actions whose Origin
// does not match the host; this adds the same steps as withApi: authenticate
// (session) → authorize (role in the instance, or superadmin) → parse → run →
// map errors → audit with the acting user. Pages never re-implement these rules.

export type ActionResult<T> =
  | { ok: true; data: T }
  | { ok: false; error: { code: string; message: string; fields?: FieldError[] } };

export type ActionContext = {
  user: SessionUser;
  role: Role;
  instanceId: string | null;
  clientIp: string | null;
  requestId: string;
  /** Names what the audit event is about when only the handler knows (e.g. a new id). */
  setAuditTarget(target: string): void;
};

type Spec<S extends z.ZodType> = {
  schema: S;
  /** Audit action name, e.g. "member.add". */
  action: string;
  /** What the event is about, for the audit log (never a secret). */
  target?: (input: z.infer<S>) => string | null;
};

type InstanceSpec<S extends z.ZodType> = Spec<S> & { role: Role };

function parseInput<S extends z.ZodType>(schema: S, raw: unknown): z.infer<S> {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new AppError("validation_failed", "Check the highlighted fields", { errors: fieldErrors(parsed.error) });
  return parsed.data;
}

function failure(e: unknown, requestId: string): { status: number; result: { ok: false; error: { code: string; message: string; fields?: FieldError[] } } } {
  const err = toAppError(e, requestId);
  return { status: err.status, result: { ok: false, error: { code: err.code, message: err.message, fields: err.extras.errors } } };
}

async function run<S extends z.ZodType, R>(
  spec: Spec<S>,
  instanceId: string | null,
  raw: unknown,
  authorize: (user: SessionUser) => Promise<Role>,
  fn: (input: z.infer<S>, ctx: ActionContext) => Promise<R>,
): Promise<ActionResult<R>> {
  const h = await headers();
  const requestId = requestIdFrom(h);
  const ip = clientIp(h);
  let user: SessionUser | null = null;
  let target: string | null = null;
  let status = 200;
  try {
    user = await currentUser();
    if (!user) throw new AppError("unauthenticated", "Your session has ended; sign in again");
    const role = await authorize(user);
    const input = parseInput(spec.schema, raw);
    target = spec.target?.(input) ?? null;
    const setAuditTarget = (t: string) => void (target = t);
    return { ok: true, data: await fn(input, { user, role, instanceId, clientIp: ip, requestId, setAuditTarget }) };
  } catch (e) {
    const failed = failure(e, requestId);
    status = failed.status;
    return failed.result;
  } finally {
    if (user) {
      recordAudit({
        instanceId,
        actor: { type: "user", userId: user.id, label: user.email },
        action: spec.action,
        target,
        status,
        clientIp: ip,
        requestId,
      });
    }
  }
}

/** An action inside an instance; the caller's role there must be at least `spec.role`. */
export function instanceAction<S extends z.ZodType, R>(
  spec: InstanceSpec<S>,
  fn: (input: z.infer<S>, ctx: ActionContext & { instanceId: string }) => Promise<R>,
): (instanceId: string, input: z.input<S>) => Promise<ActionResult<R>> {
  return async (instanceId, raw) =>
    run(spec, instanceId, raw, async (user) => {
      const role = typeof instanceId === "string" ? await roleIn(user, instanceId) : null;
      if (!role) throw new AppError("not_found", "Workspace not found");
      if (!roleAtLeast(role, spec.role)) throw new AppError("forbidden", `This needs the ${spec.role} role or higher`);
      return role;
    }, (input, ctx) => fn(input, { ...ctx, instanceId }));
}

/** A control-plane action: superadmins only. */
export function superadminAction<S extends z.ZodType, R>(
  spec: Spec<S>,
  fn: (input: z.infer<S>, ctx: ActionContext) => Promise<R>,
): (input: z.input<S>) => Promise<ActionResult<R>> {
  return async (raw) =>
    run(spec, null, raw, async (user) => {
      if (!user.isSuperadmin) throw new AppError("forbidden", "Only superadmins can do this");
      return "owner";
    }, fn);
}

/**
 * An action without a session (first-run setup): parse → run → map errors.
 * The handler authorizes and audits itself.
 */
export function publicAction<S extends z.ZodType, R>(schema: S, fn: (input: z.infer<S>) => Promise<R>): (input: z.input<S>) => Promise<ActionResult<R>> {
  return async (raw) => {
    const requestId = requestIdFrom(await headers());
    try {
      return { ok: true, data: await fn(parseInput(schema, raw)) };
    } catch (e) {
      return failure(e, requestId).result;
    }
  };
}
