"use server";

import { revalidatePath } from "next/cache";
import { instanceAction } from "@/lib/http/with-action";
import { createSecretSchema, deleteSecretSchema, replaceSecretSchema, secretNameInputSchema } from "@/lib/secrets/schema";
import { createSecret, deleteSecret, replaceSecret, verifySecret } from "@/lib/secrets/service";

// secrets:create to create; secrets:manage to replace, delete and check
// (lib/auth/permissions.ts); everyone else only reads the list. The audit target is the
// secret's name, never its value, and no answer carries the value.

const refresh = (instanceId: string) => revalidatePath(`/app/${instanceId}/settings/secrets`);

export const createSecretAction = instanceAction(
  { schema: createSecretSchema, permission: "secrets:create", action: "secret.create", target: (i) => i.name },
  async (input, ctx) => {
    const secret = await createSecret(ctx.instanceId, input, ctx.user);
    refresh(ctx.instanceId);
    return { name: secret.name, ref: secret.ref, hint: secret.hint };
  },
);

export const replaceSecretAction = instanceAction(
  { schema: replaceSecretSchema, permission: "secrets:manage", action: "secret.replace", target: (i) => i.name },
  async (input, ctx) => {
    const secret = await replaceSecret(ctx.instanceId, input, ctx.user);
    refresh(ctx.instanceId);
    return { name: secret.name, ref: secret.ref, hint: secret.hint };
  },
);

export const deleteSecretAction = instanceAction(
  { schema: deleteSecretSchema, permission: "secrets:manage", action: "secret.delete", target: (i) => i.name },
  async (input, ctx) => {
    const deleted = await deleteSecret(ctx.instanceId, input.name);
    refresh(ctx.instanceId);
    return { name: deleted.name };
  },
);

export const verifySecretAction = instanceAction(
  { schema: secretNameInputSchema, permission: "secrets:manage", action: "secret.verify", target: (i) => i.name },
  async (input, ctx) => verifySecret(ctx.instanceId, input.name),
);
