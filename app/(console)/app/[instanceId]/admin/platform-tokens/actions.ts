"use server";

import { revalidatePath } from "next/cache";
import { superadminAction } from "@/lib/http/with-action";
import { createPlatformTokenSchema, tokenIdSchema } from "@/lib/tokens/schema";
import { mintPlatformToken, revokePlatformToken } from "@/lib/tokens/platform";

// Superadmins only (superadminAction), audited in the control-plane log; the
// service checks the superadmin flag again, as it does for the CLI.

const refresh = () => revalidatePath("/app/[instanceId]/admin/platform-tokens", "page");

export const mintPlatformTokenAction = superadminAction(
  { schema: createPlatformTokenSchema, action: "platform_token.create", target: (i) => i.name },
  async (input, ctx) => {
    const { token, view } = await mintPlatformToken({ userId: ctx.user.id, isSuperadmin: ctx.user.isSuperadmin }, input);
    ctx.setAuditTarget(`${view.name} (${view.short_id})`);
    refresh();
    return { token, short_id: view.short_id, expires_at: view.expires_at };
  },
);

export const revokePlatformTokenAction = superadminAction(
  { schema: tokenIdSchema, action: "platform_token.revoke", target: (i) => i.token_id },
  async (input, ctx) => {
    const view = await revokePlatformToken({ userId: ctx.user.id, isSuperadmin: ctx.user.isSuperadmin }, input.token_id);
    ctx.setAuditTarget(`${view.name} (${view.short_id})`);
    refresh();
    return { short_id: view.short_id };
  },
);
