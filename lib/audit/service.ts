import "server-only";
import { db } from "@/lib/db/client";
import { AppError, notFound } from "@/lib/errors";
import { newId } from "@/lib/ids";
import type { Prisma as P } from "@/lib/db/generated/client";
import { enqueueAudit } from "./writer";
import { outcomeOf, type AuditEventView, type AuditQuery } from "./schema";

export type AuditActor =
  | { type: "user"; userId: string; label: string }
  | { type: "token"; tokenId: string; shortId: string; label: string }
  | { type: "system"; label: string };

export type AuditEntry = {
  instanceId: string | null;
  actor: AuditActor;
  action: string;
  target?: string | null;
  method?: string;
  path?: string;
  status?: number;
  clientIp?: string | null;
  requestId?: string;
};

/** Records one audit event. Never pass a token, secret value or query string here. */
export function recordAudit(entry: AuditEntry): void {
  const { actor } = entry;
  enqueueAudit(
    {
      id: newId("evt"),
      createdAt: new Date(),
      instanceId: entry.instanceId,
      actorType: actor.type,
      actorId: actor.type === "user" ? actor.userId : actor.type === "token" ? actor.tokenId : null,
      actorLabel: actor.label,
      tokenShortId: actor.type === "token" ? actor.shortId : null,
      action: entry.action,
      method: entry.method ?? null,
      path: entry.path ?? null,
      status: entry.status ?? null,
      outcome: entry.status === undefined ? null : outcomeOf(entry.status),
      clientIp: entry.clientIp ?? null,
      target: entry.target ?? null,
      requestId: entry.requestId ?? null,
    },
    actor.type === "token" ? actor.tokenId : undefined,
  );
}

type Row = Awaited<ReturnType<ReturnType<typeof db>["auditEvent"]["findFirstOrThrow"]>>;

export function toAuditView(row: Row): AuditEventView {
  return {
    id: row.id,
    created_at: row.createdAt.toISOString(),
    actor_type: row.actorType as AuditEventView["actor_type"],
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
  };
}

function encodeCursor(row: { createdAt: Date; id: string }): string {
  return Buffer.from(`${row.createdAt.toISOString()}|${row.id}`).toString("base64url");
}

function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  const [iso, id] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  const createdAt = new Date(iso ?? "");
  if (!id || Number.isNaN(createdAt.getTime())) {
    throw new AppError("validation_failed", "The cursor is not valid", {
      errors: [{ pointer: "/cursor", code: "invalid_cursor", message: "Use the next_cursor of a previous page" }],
    });
  }
  return { createdAt, id };
}

function whereFor(instanceId: string, q: AuditQuery): P.AuditEventWhereInput {
  const and: P.AuditEventWhereInput[] = [{ instanceId }];
  if (q.actor) and.push({ OR: [{ actorId: q.actor }, { actorLabel: q.actor }, { tokenShortId: q.actor }] });
  if (q.token_short_id) and.push({ tokenShortId: q.token_short_id });
  if (q.outcome) and.push({ outcome: q.outcome });
  if (q.path) and.push({ path: { startsWith: q.path } });
  if (q.action) and.push({ action: q.action });
  if (q.since) and.push({ createdAt: { gte: new Date(q.since) } });
  if (q.until) and.push({ createdAt: { lte: new Date(q.until) } });
  if (q.cursor) {
    const c = decodeCursor(q.cursor);
    and.push({ OR: [{ createdAt: { lt: c.createdAt } }, { createdAt: c.createdAt, id: { lt: c.id } }] });
  }
  return { AND: and };
}

/** One page of an instance's audit log, newest first. */
export async function listAuditEvents(instanceId: string, q: AuditQuery) {
  const rows = await db().auditEvent.findMany({
    where: whereFor(instanceId, q),
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: q.limit + 1,
  });
  const page = rows.slice(0, q.limit);
  return {
    data: page.map(toAuditView),
    next_cursor: rows.length > q.limit ? encodeCursor(page[page.length - 1]) : null,
  };
}

export async function getAuditEvent(instanceId: string, id: string): Promise<AuditEventView> {
  const row = await db().auditEvent.findFirst({ where: { id, instanceId } });
  if (!row) throw notFound("Audit event");
  return toAuditView(row);
}
