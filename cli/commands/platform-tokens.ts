import { z } from "zod";
import { emailSchema } from "@/lib/auth/schema";
import { findUserByEmail } from "@/lib/auth/users";
import { AppError } from "@/lib/errors";
import { createPlatformTokenSchema, tokenNameSchema } from "@/lib/tokens/schema";
import { mintPlatformToken } from "@/lib/tokens/platform";
import { auditCli, command } from "../command";

// A platform token for automation of the superadmin routes (LLM configuration,
// API standards), minted in a superadmin's name. token:revoke revokes it by
// its short id like any token.

export const platformTokenCreate = command({
  name: "platform-token:create",
  summary: "Mint a platform token for a superadmin (superadmin routes only; prints the cleartext once)",
  usage: "platform-token:create --email <superadmin> --name <name> [--expires-in 90d] [--allow <cidr>,…] --json",
  flags: { email: { type: "string" }, name: { type: "string" }, "expires-in": { type: "string" }, allow: { type: "string" } },
  schema: z.object({ email: emailSchema, name: tokenNameSchema, "expires-in": z.string().optional(), allow: z.string().optional() }),
  async run(input) {
    const user = await findUserByEmail(input.email);
    if (!user) throw new AppError("not_found", `No user ${input.email}`);
    const values = createPlatformTokenSchema.parse({ name: input.name, expires_in: input["expires-in"], allowed_cidrs: input.allow ?? "" });
    // The service refuses anyone who is not a superadmin (forbidden).
    const { token, view } = await mintPlatformToken({ userId: user.id, isSuperadmin: user.isSuperadmin }, values);
    auditCli({ instanceId: null, action: "platform_token.create", target: `${view.name} (${view.short_id}) for ${user.email}` });
    return { token, short_id: view.short_id, expires_at: view.expires_at };
  },
  describe: (r) => `${r.token}\n(platform token, short id ${r.short_id}, expires ${r.expires_at}; this is the only time the token is shown)`,
});
