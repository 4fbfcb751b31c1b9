import { withApi } from "@/lib/http/with-api";
import { json } from "@/lib/http/respond";
import { deleteEndpoint, getEndpoint, updateEndpoint } from "@/lib/endpoints/service";
import { deleteEndpointRoute, getEndpointRoute, updateEndpointRoute } from "@/lib/endpoints/routes";

export const GET = withApi(getEndpointRoute, async ({ instanceId, params }) => json(await getEndpoint(instanceId, String(params.id))));

export const PATCH = withApi(updateEndpointRoute, async ({ instanceId, params, body, principal, setAuditTarget }) => {
  setAuditTarget(String(params.id));
  return json(await updateEndpoint(instanceId, String(params.id), body, principal));
});

export const DELETE = withApi(deleteEndpointRoute, async ({ instanceId, params, setAuditTarget }) => {
  setAuditTarget(String(params.id));
  await deleteEndpoint(instanceId, String(params.id));
  return new Response(null, { status: 204 });
});
