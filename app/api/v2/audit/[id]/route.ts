import { withApi } from "@/lib/http/with-api";
import { json } from "@/lib/http/respond";
import { getAuditEvent } from "@/lib/audit/service";

/** One audit event; another instance's event does not exist for this token. */
export const GET = withApi({ auth: "token", scope: "audit:read" }, async ({ instanceId, params }) =>
  json(await getAuditEvent(instanceId, String(params.id))),
);
