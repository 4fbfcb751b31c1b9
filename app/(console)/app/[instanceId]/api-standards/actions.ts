"use server";

import { revalidatePath } from "next/cache";
import { superadminAction } from "@/lib/http/with-action";
import { apiStandardInputSchema, deleteApiStandardActionSchema } from "@/lib/api-standards/schema";
import { createApiStandard, deleteApiStandard, updateApiStandard } from "@/lib/api-standards/service";

// Superadmins only, through the same service and schemas as
// /api/v2/api-standards; audited in the control-plane log with the handle.
// Standards are global, so every workspace's page shows the change.

const refresh = () => revalidatePath("/app/[instanceId]/api-standards", "page");

export const createApiStandardAction = superadminAction(
  { schema: apiStandardInputSchema, action: "api_standard.create", target: (i) => i.api_standard_handle },
  async (input) => {
    const standard = await createApiStandard(input);
    refresh();
    return standard;
  },
);

/** Edits an existing standard (the handle is fixed); a standard deleted meanwhile is 404, not re-created. */
export const updateApiStandardAction = superadminAction(
  { schema: apiStandardInputSchema, action: "api_standard.update", target: (i) => i.api_standard_handle },
  async ({ api_standard_handle: handle, description, key_method, key_field }) => {
    const standard = await updateApiStandard(handle, { description, key_method, key_field });
    refresh();
    return standard;
  },
);

export const deleteApiStandardAction = superadminAction(
  { schema: deleteApiStandardActionSchema, action: "api_standard.delete", target: (i) => i.api_standard_handle },
  async ({ api_standard_handle: handle }) => {
    const deleted = await deleteApiStandard(handle);
    refresh();
    return deleted;
  },
);
