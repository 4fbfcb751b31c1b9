"use server";

import { revalidatePath } from "next/cache";
import { superadminAction } from "@/lib/http/with-action";
import { createInstanceSchema, renameInstanceSchema } from "@/lib/instances/schema";
import { createInstance, renameInstance } from "@/lib/instances/service";

export const createInstanceAction = superadminAction(
  { schema: createInstanceSchema, action: "instance.create", target: (i) => i.name },
  async (input, ctx) => {
    const instance = await createInstance(input.name);
    ctx.setAuditTarget(`${instance.id} (${instance.name})`);
    revalidatePath("/app", "layout");
    return { id: instance.id, name: instance.name };
  },
);

export const renameInstanceAction = superadminAction(
  { schema: renameInstanceSchema, action: "instance.rename", target: (i) => `${i.instance_id} → ${i.name}` },
  async (input) => {
    const instance = await renameInstance(input.instance_id, input.name);
    revalidatePath("/app", "layout");
    return { id: instance.id, name: instance.name };
  },
);
