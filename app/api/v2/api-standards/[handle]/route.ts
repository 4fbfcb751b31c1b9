import { withApi } from "@/lib/http/with-api";
import { json } from "@/lib/http/respond";
import { deleteApiStandard, getApiStandard, putApiStandard, updateApiStandard } from "@/lib/api-standards/service";
import { deleteApiStandardRoute, getApiStandardRoute, patchApiStandardRoute, putApiStandardRoute } from "@/lib/api-standards/routes";

export const GET = withApi(getApiStandardRoute, async ({ params }) => json(await getApiStandard(String(params.handle))));

export const PUT = withApi(putApiStandardRoute, async ({ params, body, setAuditTarget }) => {
  setAuditTarget(String(params.handle));
  const { standard, created } = await putApiStandard(String(params.handle), body);
  return json(standard, created ? 201 : 200);
});

export const PATCH = withApi(patchApiStandardRoute, async ({ params, body, setAuditTarget }) => {
  setAuditTarget(String(params.handle));
  return json(await updateApiStandard(String(params.handle), body));
});

export const DELETE = withApi(deleteApiStandardRoute, async ({ params, setAuditTarget }) => {
  setAuditTarget(String(params.handle));
  return json(await deleteApiStandard(String(params.handle)));
});
