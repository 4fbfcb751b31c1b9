import { withApi } from "@/lib/http/with-api";
import { json } from "@/lib/http/respond";
import { deleteDlpRule, getDlpRule, updateDlpRule } from "@/lib/dlp/service";
import { deleteDlpRuleRoute, getDlpRuleRoute, updateDlpRuleRoute } from "@/lib/dlp/routes";

export const GET = withApi(getDlpRuleRoute, async ({ instanceId, params }) => json(await getDlpRule(instanceId, String(params.id))));

export const PATCH = withApi(updateDlpRuleRoute, async ({ instanceId, params, body, principal, setAuditTarget }) => {
  setAuditTarget(String(params.id));
  return json(await updateDlpRule(instanceId, String(params.id), body, principal));
});

export const DELETE = withApi(deleteDlpRuleRoute, async ({ instanceId, params, principal, setAuditTarget }) => {
  setAuditTarget(String(params.id));
  await deleteDlpRule(instanceId, String(params.id), principal);
  return new Response(null, { status: 204 });
});
