import { withApi } from "@/lib/http/with-api";
import { json } from "@/lib/http/respond";
import { listTests } from "@/lib/endpoints/testing/service";
import { listEndpointTestsRoute } from "@/lib/endpoints/routes";

export const GET = withApi(listEndpointTestsRoute, async ({ instanceId, params, query }) => json(await listTests(instanceId, String(params.id), query)));
