import { withApi } from "@/lib/http/with-api";
import { json } from "@/lib/http/respond";
import { getAuditEvent } from "@/lib/audit/service";
import { getAuditEventRoute } from "@/lib/audit/routes";

/** One audit event; another instance's event does not exist for this token. */
export const GET = withApi(getAuditEventRoute, async ({ instanceId, params }) => json(await getAuditEvent(instanceId, String(params.id))));
