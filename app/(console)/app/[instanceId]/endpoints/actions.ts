"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { instanceAction } from "@/lib/http/with-action";
import { createEndpointSchema, endpointIdSchema, ENDPOINT_STATUSES, updateEndpointSchema } from "@/lib/endpoints/schema";
import { createEndpoint, deleteEndpoint, updateEndpoint } from "@/lib/endpoints/service";
import { testDraft, testEndpoint } from "@/lib/endpoints/testing/service";
import { testRequestSchema } from "@/lib/endpoints/testing/schema";

// The console's endpoint mutations: the same schemas and service as
// POST/PATCH/DELETE /api/v2/endpoints, behind endpoints:write.

const refresh = (instanceId: string) => revalidatePath(`/app/${instanceId}/endpoints`, "layout");

export const createEndpointAction = instanceAction(
  { schema: createEndpointSchema, permission: "endpoints:write", action: "endpoint.create", target: (i) => i.name },
  async (input, ctx) => {
    const endpoint = await createEndpoint(ctx.instanceId, input, ctx.user);
    ctx.setAuditTarget(endpoint.id);
    refresh(ctx.instanceId);
    return { id: endpoint.id };
  },
);

export const updateEndpointAction = instanceAction(
  { schema: z.object({ id: endpointIdSchema.shape.id, patch: updateEndpointSchema }), permission: "endpoints:write", action: "endpoint.update", target: (i) => i.id },
  async (input, ctx) => {
    const endpoint = await updateEndpoint(ctx.instanceId, input.id, input.patch, ctx.user);
    refresh(ctx.instanceId);
    return { id: endpoint.id };
  },
);

export const setEndpointStatusAction = instanceAction(
  { schema: endpointIdSchema.extend({ status: z.enum(ENDPOINT_STATUSES) }), permission: "endpoints:write", action: "endpoint.update", target: (i) => `${i.id}: ${i.status}` },
  async (input, ctx) => {
    const endpoint = await updateEndpoint(ctx.instanceId, input.id, { status: input.status }, ctx.user);
    refresh(ctx.instanceId);
    return { id: endpoint.id, status: endpoint.status };
  },
);

export const deleteEndpointAction = instanceAction(
  { schema: endpointIdSchema, permission: "endpoints:write", action: "endpoint.delete", target: (i) => i.id },
  async (input, ctx) => {
    const deleted = await deleteEndpoint(ctx.instanceId, input.id);
    ctx.setAuditTarget(`${deleted.id} (${deleted.name})`);
    refresh(ctx.instanceId);
    return deleted;
  },
);

/** The console's "Test" button: the same run as POST /api/v2/endpoints/{id}/test, stored. */
export const testEndpointAction = instanceAction(
  { schema: endpointIdSchema.extend(testRequestSchema.shape), permission: "endpoints:write", action: "endpoint.test", target: (i) => i.id },
  async (input, ctx) => {
    const result = await testEndpoint(ctx.instanceId, input.id, ctx.user, input.prompt);
    refresh(ctx.instanceId);
    return result;
  },
);

/** The wizard's test before saving: the same code path, nothing stored. */
export const testDraftAction = instanceAction(
  { schema: createEndpointSchema, permission: "endpoints:write", action: "endpoint.test_draft", target: (i) => i.url.replace(/\?.*$/, "") },
  async (input, ctx) =>
    testDraft(
      ctx.instanceId,
      { ...input, auth_header: input.auth_header ?? null, auth_value_secret_ref: input.auth_value_secret_ref ?? null, request_template: input.request_template ?? null, response_path: input.response_path ?? null },
      ctx.user,
    ),
);
