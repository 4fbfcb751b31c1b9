import type { Prisma as P } from "@/lib/db/generated/client";
import { wellFormed } from "@/lib/well-formed";

// The length bound of every audit text column (prisma/schema.prisma says the
// same). Values are cut here, NUL bytes (refused by PostgreSQL) removed, and
// numbers checked, so one odd value cannot fail a batch.

export type AuditRow = P.AuditEventCreateManyInput;

export const BOUNDS = {
  id: 40,
  instanceId: 40,
  actorType: 16,
  actorId: 40,
  actorLabel: 320,
  actorInstanceId: 40,
  tokenShortId: 16,
  action: 100,
  method: 16,
  path: 1024,
  outcome: 8,
  clientIp: 64,
  target: 500,
  requestId: 80,
} as const satisfies Partial<Record<keyof AuditRow, number>>;

function text(value: unknown, max: number): string | null {
  if (value === null || value === undefined) return null;
  // Well-formed (a lone surrogate is refused by jsonb and by PostgreSQL's text) and without NUL.
  const s = (typeof value === "string" ? value : JSON.stringify(value) ?? String(value)).replace(/\u0000/g, "");
  return wellFormed(s.length > max ? `${s.slice(0, max - 1)}…` : s); // well-formed after the cut: it may split a pair
}

function int(value: unknown, min: number, max: number): number | null {
  return typeof value === "number" && Number.isInteger(value) && value >= min && value <= max ? value : null;
}

function date(value: unknown): Date {
  return value instanceof Date && !Number.isNaN(value.getTime()) ? value : new Date();
}

/** A row every column of which fits its bound. */
export function bounded(row: AuditRow): AuditRow {
  const out: Record<string, unknown> = {};
  for (const [key, max] of Object.entries(BOUNDS)) out[key] = text(row[key as keyof AuditRow], max);
  return {
    ...(out as Omit<AuditRow, "createdAt" | "status" | "count" | "action" | "actorType">),
    id: (out.id as string | null) ?? "",
    action: (out.action as string | null) ?? "unknown",
    actorType: (out.actorType as string | null) ?? "unknown",
    createdAt: date(row.createdAt),
    status: int(row.status, 100, 599),
    count: int(row.count, 1, 2 ** 31 - 1) ?? 1,
  };
}

/**
 * The least a failed row is kept as: what happened, who did it, how it ended,
 * and where. Everything else is dropped (it may be what made the row fail).
 */
export function reduced(row: AuditRow, id: string): AuditRow {
  const b = bounded(row);
  return {
    id,
    createdAt: b.createdAt,
    instanceId: b.instanceId && /^ins_[0-9A-Za-z]{1,36}$/.test(b.instanceId) ? b.instanceId : null,
    actorType: b.actorType,
    actorId: b.actorId,
    actorLabel: b.actorLabel,
    action: b.action,
    status: b.status,
    outcome: b.outcome,
    target: "(reduced: the full row could not be written)",
  };
}
