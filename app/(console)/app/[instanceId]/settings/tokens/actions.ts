"use server";

import { revalidatePath } from "next/cache";
import { instanceAction } from "@/lib/http/with-action";
import { createTokenSchema, tokenIdSchema } from "@/lib/tokens/schema";
import { minterOf, mintToken, revokeToken, rotateToken } from "@/lib/tokens/service";

// Every role may mint and manage its own tokens (tokens:mint); the service
// limits scopes to the role and lets only tokens:manage handle other people's.

const refresh = (instanceId: string) => revalidatePath(`/app/${instanceId}/settings/tokens`);

export const mintTokenAction = instanceAction(
  { schema: createTokenSchema, permission: "tokens:mint", action: "token.create", target: (i) => i.name },
  async (input, ctx) => {
    const { token, view } = await mintToken(ctx.instanceId, minterOf(ctx.user, ctx.role), input);
    ctx.setAuditTarget(`${view.name} (${view.short_id})`);
    refresh(ctx.instanceId);
    return { token, short_id: view.short_id, expires_at: view.expires_at };
  },
);

export const rotateTokenAction = instanceAction(
  { schema: tokenIdSchema, permission: "tokens:mint", action: "token.rotate", target: (i) => i.token_id },
  async (input, ctx) => {
    const { token, view } = await rotateToken(ctx.instanceId, input.token_id, minterOf(ctx.user, ctx.role));
    ctx.setAuditTarget(`${view.name} → ${view.short_id}`);
    refresh(ctx.instanceId);
    return { token, short_id: view.short_id, expires_at: view.expires_at };
  },
);

export const revokeTokenAction = instanceAction(
  { schema: tokenIdSchema, permission: "tokens:mint", action: "token.revoke", target: (i) => i.token_id },
  async (input, ctx) => {
    const view = await revokeToken(ctx.instanceId, input.token_id, minterOf(ctx.user, ctx.role));
    ctx.setAuditTarget(`${view.name} (${view.short_id})`);
    refresh(ctx.instanceId);
    return { short_id: view.short_id };
  },
);
