import { z } from "zod";
import { emailSchema, newPasswordSchema } from "@/lib/auth/schema";
import { createUser, resetPassword } from "@/lib/auth/users";
import { createInstance } from "@/lib/instances/service";
import { addMember } from "@/lib/instances/members";
import { instanceNameSchema, roleSchema } from "@/lib/instances/schema";
import { auditCli, command } from "../command";
import { readStdin } from "../context";

export const adminCreate = command({
  name: "admin:create",
  summary: "Create a superadmin",
  usage: "admin:create --email <email> --password <password>",
  flags: { email: { type: "string" }, password: { type: "string" } },
  schema: z.object({ email: emailSchema, password: newPasswordSchema }),
  async run({ email, password }) {
    const user = await createUser({ email, password, isSuperadmin: true });
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
    auditCli({ instanceId: instance.id, action: "instance.create", target: `${instance.id} (${instance.name})` });
    return { id: instance.id, name: instance.name };
  },
  describe: (r) => `Created instance ${r.name} (${r.id})`,
});

export const memberAdd = command({
  name: "member:add",
  summary: "Add a user to an instance with a role (creates the user when new)",
  usage: "member:add --instance <id> --email <email> --password <password> --role owner|admin|member|viewer",
  flags: { instance: { type: "string" }, email: { type: "string" }, password: { type: "string" }, role: { type: "string" } },
  schema: z.object({ instance: z.string().min(1), email: emailSchema, password: newPasswordSchema.optional(), role: roleSchema }),
  async run({ instance, email, password, role }) {
    const m = await addMember(instance, { email, password, role }, "owner");
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
    const password = newPasswordSchema.parse(await readStdin());
    const user = await resetPassword(email, password);
    auditCli({ instanceId: null, action: "user.password_reset", target: user.email });
    return { id: user.id, email: user.email };
  },
  describe: (r) => `Password reset for ${r.email}; their sessions have ended`,
});
