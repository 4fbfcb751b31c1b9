import { z } from "zod";
import { envEntry, generateKey } from "@/lib/secrets/keyring";
import { verifyKeyring } from "@/lib/secrets/key-check";
import { rotateKeys } from "@/lib/secrets/rotate";
import { secretNameSchema } from "@/lib/secrets/schema";
import { deleteSecret, setSecret } from "@/lib/secrets/service";
import { CLI } from "@/lib/auth/actor";
import { auditCli, command } from "../command";
import { readStdin } from "../context";

// Secret and seal-key commands. A secret value is read from stdin only, never
// from argv (argv is visible in `ps` and shell history), and never printed.

const instanceFlag = z.string({ error: "Pass --instance <id>" }).min(1, "Pass --instance <id>");

export const secretSet = command({
  name: "secret:set",
  summary: "Create a secret or replace its value (value read from stdin)",
  usage: "secret:set --instance <id> --name <name>   (value on stdin)",
  flags: { instance: { type: "string" }, name: { type: "string" } },
  schema: z.object({ instance: instanceFlag, name: secretNameSchema }),
  async run({ instance, name }) {
    await verifyKeyring();
    const { created, secret } = await setSecret(instance, { name, value: await readStdin() }, CLI);
    auditCli({ instanceId: instance, action: created ? "secret.create" : "secret.replace", target: secret.name });
    return { instance_id: instance, name: secret.name, ref: secret.ref, hint: secret.hint, key_id: secret.key_id, created };
  },
  describe: (r) => `${r.created ? "Created" : "Replaced the value of"} ${r.ref} in ${r.instance_id} (${r.hint}, sealed with key ${r.key_id})`,
});

export const secretDelete = command({
  name: "secret:delete",
  summary: "Delete a secret that nothing refers to",
  usage: "secret:delete --instance <id> --name <name>",
  flags: { instance: { type: "string" }, name: { type: "string" } },
  schema: z.object({ instance: instanceFlag, name: secretNameSchema }),
  async run({ instance, name }) {
    const deleted = await deleteSecret(instance, name);
    auditCli({ instanceId: instance, action: "secret.delete", target: deleted.name });
    return { instance_id: instance, id: deleted.id, name: deleted.name };
  },
  describe: (r) => `Deleted secret:${r.name} from ${r.instance_id}`,
});

const MAX_AUDIT_NAMES = 50;

export const keysRotate = command({
  name: "keys:rotate",
  summary: "Rotate the seal key: new key pair, every secret re-sealed (safe to re-run)",
  usage: "keys:rotate [--batch-size <n>]",
  flags: { "batch-size": { type: "string" } },
  schema: z.object({ "batch-size": z.coerce.number().int().min(1).max(10_000).default(100) }),
  async run(input) {
    const result = await rotateKeys({
      batchSize: input["batch-size"],
      onBatch: (n) => void process.stderr.write(`re-sealed ${n} secret(s)\n`),
    });
    for (const { instance_id, names } of result.instances) {
      const shown = names.slice(0, MAX_AUDIT_NAMES).join(", ");
      const more = names.length > MAX_AUDIT_NAMES ? ` and ${names.length - MAX_AUDIT_NAMES} more` : "";
      auditCli({ instanceId: instance_id, action: "secret.reseal", target: `key ${result.active_key_id}: ${shown}${more}` });
    }
    const removed = result.removed_key_ids.length ? `; removed keys ${result.removed_key_ids.join(", ")}` : "";
    auditCli({
      instanceId: null,
      action: "keys.rotate",
      target: `active key ${result.active_key_id}; ${result.resealed} secret(s) re-sealed${removed}`,
      status: result.refused.length > 0 ? 500 : 200,
    });
    if (result.refused.length > 0) {
      const list = result.refused.map((r) => `${r.instance_id}/${r.name} (key ${r.key_id})`).join(", ");
      throw new Error(
        `Re-sealed ${result.resealed} secret(s), but these did not open for their row and stay on their key: ${list}. ` +
          `Replace or delete them, then run keys:rotate again.`,
      );
    }
    return result;
  },
  describe: (r) => {
    const lines = [`Seal key rotation ${r.resumed ? "resumed and finished" : "finished"}: active key ${r.active_key_id}, ${r.resealed} secret(s) re-sealed.`];
    if (Array.isArray(r.removed_key_ids) && r.removed_key_ids.length) lines.push(`Removed from the key file: ${r.removed_key_ids.join(", ")}. Back up the key file now.`);
    if (Array.isArray(r.unused_key_ids) && r.unused_key_ids.length) lines.push(`No secret uses these PENAXTRA_SEAL_KEY entries any more; remove them: ${r.unused_key_ids.join(", ")}.`);
    if (r.mode === "env" && !(Array.isArray(r.unused_key_ids) && r.unused_key_ids.length)) {
      lines.push("PENAXTRA_SEAL_KEY mode: to rotate to a new key, put a keys:generate entry first in PENAXTRA_SEAL_KEY, restart, then run keys:rotate.");
    }
    return lines.join("\n");
  },
});

export const keysGenerate = Object.assign(
  command({
    name: "keys:generate",
    summary: "Print a new seal key entry for PENAXTRA_SEAL_KEY (stored nowhere)",
    usage: "keys:generate",
    flags: {},
    schema: z.object({}),
    async run() {
      const key = await generateKey();
      return { key_id: key.id, entry: envEntry(key) };
    },
    describe: (r) => String(r.entry),
  }),
  { database: false as const },
);
