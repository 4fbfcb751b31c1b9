"use server";

import { revalidatePath } from "next/cache";
import { instanceAction } from "@/lib/http/with-action";
import { createSecretSchema, deleteSecretSchema, replaceSecretSchema, secretNameInputSchema } from "@/lib/secrets/schema";
import { createSecret, deleteSecret, replaceSecret, verifySecret } from "@/lib/secrets/service";

// Members and above create secrets; replacing, deleting and checking are for
// admins and above; viewers only read the list. The audit target is the
// secret's name, never its value, and no answer carries the value.

const refresh = (instanceId: string) => revalidatePath(`/app/${instanceId}/settings/secrets`);

export const createSecretAction = instanceAction(
  { schema: createSecretSchema, role: "member", action: "secret.create", target: (i) => i.name },
  async (input, ctx) => {
    const secret = await createSecret(ctx.instanceId, input, { userId: ctx.user.id, label: ctx.user.email });
    refresh(ctx.instanceId);
    return { name: secret.name, ref: secret.ref, hint: secret.hint };
  },
);

export const replaceSecretAction = instanceAction(
  { schema: replaceSecretSchema, role: "admin", action: "secret.replace", target: (i) => i.name },
  async (input, ctx) => {
    const secret = await replaceSecret(ctx.instanceId, input, { userId: ctx.user.id, label: ctx.user.email });
    refresh(ctx.instanceId);
    return { name: secret.name, ref: secret.ref, hint: secret.hint };
  },
);

export const deleteSecretAction = instanceAction(
  { schema: deleteSecretSchema, role: "admin", action: "secret.delete", target: (i) => i.name },
  async (input, ctx) => {
    const deleted = await deleteSecret(ctx.instanceId, input.name);
    refresh(ctx.instanceId);
    return { name: deleted.name };
  },
);

export const verifySecretAction = instanceAction(
  { schema: secretNameInputSchema, role: "admin", action: "secret.verify", target: (i) => i.name },
  async (input, ctx) => verifySecret(ctx.instanceId, input.name),
);
