import { withApi } from "@/lib/http/with-api";
import { json } from "@/lib/http/respond";
import { auditQuerySchema } from "@/lib/audit/schema";
import { listAuditEvents } from "@/lib/audit/service";

/** The tenant audit log, newest first, cursor paginated. */
export const GET = withApi({ auth: "token", scope: "audit:read", query: auditQuerySchema }, async ({ instanceId, query }) =>
  json(await listAuditEvents(instanceId, query)),
);
