import { z } from "zod";
import { emailSchema, newPasswordSchema } from "@/lib/auth/schema";
import { createUser, resetPassword } from "@/lib/auth/users";
import { createInstance } from "@/lib/instances/service";
import { addMemberDirectly } from "@/lib/instances/members";
import { findUserByEmail } from "@/lib/auth/users";
import { instanceNameSchema, roleSchema } from "@/lib/instances/schema";
import { auditCli, command } from "../command";
import { readStdin } from "../context";

// Passwords come from stdin, never argv: argv is visible in `ps` and shell history.

const passwordFromStdin = async () => newPasswordSchema.parse(await readStdin());

export const adminCreate = command({
  name: "admin:create",
  summary: "Create a superadmin (password read from stdin)",
  usage: "admin:create --email <email>   (password on stdin)",
  flags: { email: { type: "string" } },
  schema: z.object({ email: emailSchema }),
  async run({ email }) {
    const user = await createUser({ email, password: await passwordFromStdin(), isSuperadmin: true });
    auditCli({ instanceId: null, action: "user.create_superadmin", target: user.email });
    return { id: user.id, email: user.email };
  },
  describe: (r) => `Created superadmin ${r.email} (${r.id})`,
});

export const instanceCreate = command({
  name: "instance:create",
  summary: "Create an instance (workspace)",
  usage: "instance:create --name <name>",
  flags: { name: { type: "string" } },
  schema: z.object({ name: instanceNameSchema }),
  async run({ name }) {
    const instance = await createInstance(name);
    const target = `${instance.id} (${instance.name})`;
    auditCli({ instanceId: null, action: "instance.create", target });
    auditCli({ instanceId: instance.id, action: "instance.create", target });
    return { id: instance.id, name: instance.name };
  },
  describe: (r) => `Created instance ${r.name} (${r.id})`,
});

export const memberAdd = command({
  name: "member:add",
  summary: "Add a user to an instance with a role; a new account's password is read from stdin",
  usage: "member:add --instance <id> --email <email> --role owner|admin|member|viewer   (password on stdin for a new account)",
  flags: { instance: { type: "string" }, email: { type: "string" }, role: { type: "string" } },
  schema: z.object({ instance: z.string().min(1), email: emailSchema, role: roleSchema }),
  async run({ instance, email, role }) {
    // The operator's headless path: only a new account needs a password.
    const password = (await findUserByEmail(email)) ? undefined : await passwordFromStdin();
    const m = await addMemberDirectly(instance, { email, role, password });
    auditCli({ instanceId: instance, action: "member.add", target: `${email} as ${role}` });
    return { id: m.id, instance_id: instance, user_id: m.user.id, email: m.user.email, role };
  },
  describe: (r) => `Added ${r.email} to ${r.instance_id} as ${r.role}`,
});

export const passwordReset = command({
  name: "password:reset",
  summary: "Set a new password (read from stdin) and end the user's sessions",
  usage: "password:reset --email <email>   (new password on stdin)",
  flags: { email: { type: "string" } },
  schema: z.object({ email: emailSchema }),
  async run({ email }) {
    const user = await resetPassword(email, await passwordFromStdin());
    auditCli({ instanceId: null, action: "user.password_reset", target: user.email });
    return { id: user.id, email: user.email };
  },
  describe: (r) => `Password reset for ${r.email}; their sessions have ended`,
});
