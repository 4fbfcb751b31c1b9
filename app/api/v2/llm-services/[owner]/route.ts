import { withApi } from "@/lib/http/with-api";
import { json } from "@/lib/http/respond";
import { listLlmServices } from "@/lib/llm-services/service";
import { listLlmServicesRoute } from "@/lib/llm-services/routes";

export const GET = withApi(listLlmServicesRoute, async ({ instanceId, params }) => json(await listLlmServices(instanceId, String(params.owner))));
