import { withApi } from "@/lib/http/with-api";
import { json } from "@/lib/http/respond";
import { deleteLlmService, getLlmService, putLlmService } from "@/lib/llm-services/service";
import { deleteLlmServiceRoute, getLlmServiceRoute, putLlmServiceRoute } from "@/lib/llm-services/routes";

export const GET = withApi(getLlmServiceRoute, async ({ instanceId, params }) => json(await getLlmService(instanceId, String(params.owner), String(params.instanceHandle))));

export const PUT = withApi(putLlmServiceRoute, async ({ instanceId, params, body, principal, setAuditTarget }) => {
  const { created, service } = await putLlmService(instanceId, String(params.owner), String(params.instanceHandle), body, principal);
  setAuditTarget(service.endpoint_id);
  return json(service, created ? 201 : 200);
});

export const DELETE = withApi(deleteLlmServiceRoute, async ({ instanceId, params, principal, setAuditTarget }) => {
  const { endpointId, message } = await deleteLlmService(instanceId, String(params.owner), String(params.instanceHandle), principal);
  setAuditTarget(endpointId);
  return json({ message });
});
