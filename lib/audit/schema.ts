import { z } from "zod";
import { storableInstant } from "@/lib/db/cursor";

export const OUTCOMES = ["2xx", "4xx", "5xx"] as const;

export function outcomeOf(status: number): (typeof OUTCOMES)[number] {
  if (status >= 500) return "5xx";
  if (status >= 400) return "4xx";
  return "2xx";
}

// An instant the database can hold: the offset may move 0001-01-01T00:00:00+01:00 into year 0.
const isoDate = z.iso
  .datetime({ offset: true })
  .refine((v) => storableInstant(new Date(v)), { message: "Use a date between the years 1 and 9999", when: (p) => p.issues.length === 0 });

/** Filters shared by the console table and GET /api/v2/audit. */
export const auditQuerySchema = z.object({
  actor: z.string().trim().max(200).optional().describe("User id, user email or token short id"),
  token_short_id: z.string().regex(/^[0-9a-f]{8}$/, "8 lowercase hex characters").optional(),
  outcome: z.enum(OUTCOMES).optional(),
  path: z.string().max(500).optional().describe("Path prefix, e.g. /api/v2/endpoints"),
  action: z.string().max(100).optional(),
  target: z.string().max(200).optional().describe("Target prefix, e.g. an endpoint id"),
  since: isoDate.optional(),
  until: isoDate.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});

export type AuditQuery = z.infer<typeof auditQuerySchema>;

export const auditEventSchema = z.object({
  id: z.string(),
  created_at: z.string(),
  actor_type: z.enum(["user", "token", "cli", "system", "anonymous"]),
  actor_id: z.string().nullable(),
  actor_label: z.string().nullable(),
  token_short_id: z.string().nullable(),
  actor_instance_id: z.string().nullable().describe("The actor's own instance when it acted in another one (superadmin X-Instance-Id)"),
  action: z.string(),
  method: z.string().nullable(),
  path: z.string().nullable(),
  status: z.number().int().nullable(),
  outcome: z.enum(OUTCOMES).nullable(),
  client_ip: z.string().nullable(),
  target: z.string().nullable(),
  request_id: z.string().nullable(),
  count: z.number().int().describe("Requests this row stands for: repeated refusals of a token are counted per minute"),
});

export const auditPageSchema = z.object({
  data: z.array(auditEventSchema),
  next_cursor: z.string().nullable(),
});

export type AuditEventView = z.infer<typeof auditEventSchema>;
