import { withApi } from "@/lib/http/with-api";
import { json } from "@/lib/http/respond";
import { testEndpoint } from "@/lib/endpoints/testing/service";
import { testEndpointRoute } from "@/lib/endpoints/routes";

export const POST = withApi(testEndpointRoute, async ({ instanceId, params, body, principal, setAuditTarget }) => {
  setAuditTarget(String(params.id));
  return json(await testEndpoint(instanceId, String(params.id), principal, body?.prompt));
});
