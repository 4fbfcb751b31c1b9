import "server-only";
import { db } from "@/lib/db/client";
import { notFound } from "@/lib/errors";
import { page } from "@/lib/db/cursor";
import { listAuditRows } from "./read";
import { newId } from "@/lib/ids";
import { actorLabel, type Actor, type TokenActor, type UserActor } from "@/lib/auth/actor";
import type { AuditRow } from "./bounds";
import { enqueueAudit, enqueueRefusal } from "./writer";
import { outcomeOf, type AuditEventView, type AuditQuery } from "./schema";

export type AuditEntry = {
  /** The instance whose log the event belongs to; null for the control-plane log. */
  instanceId: string | null;
  /** Who did it; null for an unidentified client (a failed sign-in). */
  actor: Actor | null;
  action: string;
  target?: string | null;
  method?: string;
  path?: string;
  status?: number;
  clientIp?: string | null;
  requestId?: string;
};

function actorColumns(actor: Actor | null, instanceId: string | null) {
  if (!actor) return { actorType: "anonymous", actorId: null, actorLabel: null, tokenShortId: null, actorInstanceId: null };
  return {
    actorType: actor.kind,
    actorId: actor.kind === "user" ? actor.id : actor.kind === "token" ? actor.id : null,
    actorLabel: actorLabel(actor),
    tokenShortId: actor.kind === "token" ? actor.shortId : null,
    // A token working in another instance (superadmin X-Instance-Id): its home.
    actorInstanceId: actor.kind === "token" && actor.instanceId !== instanceId ? actor.instanceId : null,
  };
}

function rowOf(entry: AuditEntry): AuditRow {
  return {
    id: newId("evt"),
    createdAt: new Date(),
    instanceId: entry.instanceId,
    ...actorColumns(entry.actor, entry.instanceId),
    action: entry.action,
    method: entry.method ?? null,
    path: entry.path ?? null,
    status: entry.status ?? null,
    outcome: entry.status === undefined ? null : outcomeOf(entry.status),
    clientIp: entry.clientIp ?? null,
    target: entry.target ?? null,
    requestId: entry.requestId ?? null,
  };
}

/** Records one audit event. Never pass a token, secret value or query string here. */
export function recordAudit(entry: AuditEntry): void {
  enqueueAudit(rowOf(entry), entry.actor?.kind === "token" ? entry.actor.id : undefined);
}

/**
 * Records a refused request of an identified token or user. Repeats within a
 * minute are counted into one row per actor and status (lib/audit/refusals.ts).
 */
export function recordRefusal(entry: AuditEntry & { actor: TokenActor | UserActor }): void {
  enqueueRefusal(rowOf(entry), entry.actor.id);
}

type Row = Awaited<ReturnType<ReturnType<typeof db>["auditEvent"]["findFirstOrThrow"]>>;

export function toAuditView(row: Row): AuditEventView {
  return {
    id: row.id,
    created_at: row.createdAt.toISOString(),
    actor_type: row.actorType as AuditEventView["actor_type"],
    actor_instance_id: row.actorInstanceId,
    actor_id: row.actorId,
    actor_label: row.actorLabel,
    token_short_id: row.tokenShortId,
    action: row.action,
    method: row.method,
    path: row.path,
    status: row.status,
    outcome: row.outcome as AuditEventView["outcome"],
    client_ip: row.clientIp,
    target: row.target,
    request_id: row.requestId,
    count: row.count,
  };
}

/** The log an audit query reads: one instance's, or the control plane's (null). */
/** One page of an instance's audit log (or, with null, the control plane's), newest first. */
export async function listAuditEvents(instanceId: string | null, q: AuditQuery) {
  const rows = await listAuditRows(instanceId, q, q.limit + 1);
  const { rows: kept, next } = page(rows, q.limit);
  return { data: kept.map(toAuditView), next_cursor: next };
}

export async function getAuditEvent(instanceId: string, id: string): Promise<AuditEventView> {
  const row = await db().auditEvent.findFirst({ where: { id, instanceId } });
  if (!row) throw notFound("Audit event");
  return toAuditView(row);
}
