import { withApi } from "@/lib/http/with-api";
import { json } from "@/lib/http/respond";
import { createEndpoint, listEndpoints } from "@/lib/endpoints/service";
import { createEndpointRoute, listEndpointsRoute } from "@/lib/endpoints/routes";

export const GET = withApi(listEndpointsRoute, async ({ instanceId, query, principal }) => json(await listEndpoints(instanceId, query, principal)));

export const POST = withApi(createEndpointRoute, async ({ instanceId, body, principal, setAuditTarget }) => {
  const endpoint = await createEndpoint(instanceId, body, principal);
  setAuditTarget(endpoint.id);
  return json(endpoint, 201);
});
