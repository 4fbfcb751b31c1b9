import { z } from "zod";
import { emailSchema } from "@/lib/auth/schema";
import { findUserByEmail } from "@/lib/auth/users";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { createTokenSchema, tokenNameSchema } from "@/lib/tokens/schema";
import { mintToken, revokeByShortId } from "@/lib/tokens/service";
import { scopeSchema } from "@/lib/tokens/scopes";
import { auditCli, command } from "../command";

const splitCsv = (s: string) => s.split(",").map((x) => x.trim()).filter(Boolean);

export const tokenCreate = command({
  name: "token:create",
  summary: "Mint an API token for a member (prints the cleartext once, for CI bootstrap)",
  usage: "token:create --instance <id> --email <user> --name <name> --scopes a,b [--expires-in 90d] [--allow <cidr>,…] --json",
  flags: { instance: { type: "string" }, email: { type: "string" }, name: { type: "string" }, scopes: { type: "string" }, "expires-in": { type: "string" }, allow: { type: "string" } },
  schema: z.object({
    instance: z.string().min(1),
    email: emailSchema,
    name: tokenNameSchema,
    scopes: z.string().transform(splitCsv).pipe(z.array(scopeSchema)),
    "expires-in": z.string().optional(),
    allow: z.string().optional(),
  }),
  async run(input) {
    const user = await findUserByEmail(input.email);
    const membership = user
      ? await db().membership.findUnique({ where: { userId_instanceId: { userId: user.id, instanceId: input.instance } } })
      : null;
    if (!user || (!membership && !user.isSuperadmin)) throw new AppError("not_found", `${input.email} is not a member of ${input.instance}`);
    const values = createTokenSchema.parse({
      name: input.name,
      scopes: input.scopes,
      expires_in: input["expires-in"],
      allowed_cidrs: input.allow ?? "",
    });
    const { token, view } = await mintToken(input.instance, { userId: user.id, role: membership?.role ?? "owner", isSuperadmin: user.isSuperadmin }, values);
    auditCli({ instanceId: input.instance, action: "token.create", target: `${view.name} (${view.short_id}) for ${user.email}` });
    return { token, short_id: view.short_id, expires_at: view.expires_at };
  },
  describe: (r) => `${r.token}\n(short id ${r.short_id}, expires ${r.expires_at}; this is the only time the token is shown)`,
});

export const tokenRevoke = command({
  name: "token:revoke",
  summary: "Revoke a token by its short id",
  usage: "token:revoke --short-id <8 hex chars>",
  flags: { "short-id": { type: "string" } },
  schema: z.object({ "short-id": z.string().regex(/^[0-9a-f]{8}$/, "8 lowercase hex characters") }),
  async run(input) {
    const revoked = await revokeByShortId(input["short-id"]);
    auditCli({ instanceId: revoked.instanceId, action: "token.revoke", target: revoked.shortId });
    return { short_id: revoked.shortId, revoked: true };
  },
  describe: (r) => `Revoked ${r.short_id}`,
});
