import { withApi } from "@/lib/http/with-api";
import { json } from "@/lib/http/respond";
import { listAuditEvents } from "@/lib/audit/service";
import { listAuditEventsRoute } from "@/lib/audit/routes";

/** The tenant audit log, newest first, cursor paginated. */
export const GET = withApi(listAuditEventsRoute, async ({ instanceId, query }) => json(await listAuditEvents(instanceId, query)));
