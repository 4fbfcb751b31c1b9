import { withApi } from "@/lib/http/with-api";
import { json } from "@/lib/http/respond";
import { createApiStandard, listApiStandards } from "@/lib/api-standards/service";
import { createApiStandardRoute, listApiStandardsRoute } from "@/lib/api-standards/routes";

export const GET = withApi(listApiStandardsRoute, async () => json({ standards: await listApiStandards() }));

export const POST = withApi(createApiStandardRoute, async ({ body, setAuditTarget }) => {
  setAuditTarget(body.api_standard_handle);
  return json(await createApiStandard(body), 201);
});
