"use server";

import { revalidatePath } from "next/cache";
import { superadminAction } from "@/lib/http/with-action";
import { createInstanceSchema, renameInstanceSchema } from "@/lib/instances/schema";
import { createInstance, renameInstance } from "@/lib/instances/service";
import { recordAudit } from "@/lib/audit/service";

export const createInstanceAction = superadminAction(
  { schema: createInstanceSchema, action: "instance.create", target: (i) => i.name },
  async (input, ctx) => {
    const instance = await createInstance(input.name);
    ctx.setAuditTarget(`${instance.id} (${instance.name})`);
    // The control-plane log has the superadmin's action; the new instance's own log starts with it too.
    recordAudit({ instanceId: instance.id, actor: ctx.user, action: "instance.create", target: `${instance.id} (${instance.name})`, status: 200, clientIp: ctx.clientIp, requestId: ctx.requestId });
    revalidatePath("/app", "layout");
    return { id: instance.id, name: instance.name };
  },
);

export const renameInstanceAction = superadminAction(
  { schema: renameInstanceSchema, action: "instance.rename", target: (i) => `${i.instance_id} → ${i.name}` },
  async (input, ctx) => {
    const instance = await renameInstance(input.instance_id, input.name);
    recordAudit({ instanceId: instance.id, actor: ctx.user, action: "instance.rename", target: `${instance.id} → ${instance.name}`, status: 200, clientIp: ctx.clientIp, requestId: ctx.requestId });
    revalidatePath("/app", "layout");
    return { id: instance.id, name: instance.name };
  },
);
