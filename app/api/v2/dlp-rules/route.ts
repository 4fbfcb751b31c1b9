import { withApi } from "@/lib/http/with-api";
import { json } from "@/lib/http/respond";
import { createDlpRule, listDlpRules } from "@/lib/dlp/service";
import { createDlpRuleRoute, listDlpRulesRoute } from "@/lib/dlp/routes";

export const GET = withApi(listDlpRulesRoute, async ({ instanceId }) => json({ data: await listDlpRules(instanceId) }));

export const POST = withApi(createDlpRuleRoute, async ({ instanceId, body, principal, setAuditTarget }) => {
  const rule = await createDlpRule(instanceId, body, principal);
  setAuditTarget(rule.id);
  return json(rule, 201);
});
