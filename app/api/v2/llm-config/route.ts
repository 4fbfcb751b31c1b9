import { withApi } from "@/lib/http/with-api";
import { json } from "@/lib/http/respond";
import { createLlmConfig, deleteLlmConfig, getLlmConfig, updateLlmConfig } from "@/lib/llm-config/service";
import { createLlmConfigRoute, deleteLlmConfigRoute, getLlmConfigRoute, updateLlmConfigRoute } from "@/lib/llm-config/routes";
import { scopeOf } from "@/lib/llm-config/store";

export const GET = withApi(getLlmConfigRoute, async ({ instanceId }) => json(await getLlmConfig(instanceId)));

export const POST = withApi(createLlmConfigRoute, async ({ instanceId, body, principal, setAuditTarget }) => {
  setAuditTarget(scopeOf(instanceId));
  return json(await createLlmConfig(instanceId, body, principal), 201);
});

export const PATCH = withApi(updateLlmConfigRoute, async ({ instanceId, body, principal, setAuditTarget }) => {
  setAuditTarget(scopeOf(instanceId));
  return json(await updateLlmConfig(instanceId, body, principal));
});

export const DELETE = withApi(deleteLlmConfigRoute, async ({ instanceId, principal, setAuditTarget }) => {
  setAuditTarget(scopeOf(instanceId));
  await deleteLlmConfig(instanceId, principal);
  return new Response(null, { status: 204 });
});
