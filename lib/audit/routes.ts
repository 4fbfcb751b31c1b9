import { z } from "zod";
import { defineRoute } from "@/lib/openapi/route";
import { auditEventSchema, auditPageSchema, auditQuerySchema } from "./schema";

export const listAuditEventsRoute = defineRoute({
  method: "get",
  path: "/api/v2/audit",
  operationId: "listAuditEvents",
  summary: "List audit events",
  description: "The token's instance's audit log, newest first. Pass next_cursor as cursor for the next page.",
  tag: "Audit",
  auth: "token",
  scope: "audit:read",
  query: auditQuerySchema,
  response: { status: 200, description: "A page of events", schema: auditPageSchema },
});

export const getAuditEventRoute = defineRoute({
  method: "get",
  path: "/api/v2/audit/{id}",
  operationId: "getAuditEvent",
  summary: "Get an audit event",
  description: "Another instance's event does not exist for this token.",
  tag: "Audit",
  auth: "token",
  scope: "audit:read",
  params: z.object({ id: z.string().max(40) }),
  response: { status: 200, description: "The event", schema: auditEventSchema },
  errors: ["not_found"],
});
