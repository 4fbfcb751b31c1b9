import { withApi } from "@/lib/http/with-api";
import { json } from "@/lib/http/respond";
import { testLlmConnection } from "@/lib/llm-config/service";
import { testLlmConnectionRoute } from "@/lib/llm-config/routes";
import { scopeOf } from "@/lib/llm-config/store";

export const POST = withApi(testLlmConnectionRoute, async ({ instanceId, setAuditTarget }) => {
  setAuditTarget(scopeOf(instanceId));
  return json(await testLlmConnection(instanceId));
});
