"use server";

import { instanceAction } from "@/lib/http/with-action";
import { endpointIdSchema } from "@/lib/endpoints/schema";
import { suggestEndpointDescription } from "@/lib/endpoints/suggest-description";

/**
 * "Suggest description": a draft from the workspace's effective LLM provider,
 * for whoever may edit the endpoint. Nothing is saved; the form shows the
 * draft for the operator to edit and save.
 */
export const suggestDescriptionAction = instanceAction(
  { schema: endpointIdSchema, permission: "endpoints:write", action: "endpoint.suggest_description", target: (i) => i.id },
  async (input, ctx) => suggestEndpointDescription(ctx.instanceId, input.id),
);
