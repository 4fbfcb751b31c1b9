// Operator CLI: `npm run cli -- <command> [--flags] [--json]`.
// The same services as the console and the API; see README "Operator CLI".
import "./log-to-stderr";
import { parseArgs } from "node:util";
import { ZodError } from "zod";
import { isAppError } from "@/lib/errors";
import { DatabaseLockedError } from "@/lib/db/lock";
import type { Command } from "./command";
import { withDatabase } from "./context";
import { adminCreate, instanceCreate, memberAdd, passwordReset } from "./commands/admin";
import { tokenCreate, tokenRevoke } from "./commands/tokens";
import { platformTokenCreate } from "./commands/platform-tokens";
import { keysGenerate, keysRotate, secretDelete, secretSet } from "./commands/secrets";

const COMMANDS: Command[] = [
  adminCreate,
  instanceCreate,
  memberAdd,
  passwordReset,
  tokenCreate,
  tokenRevoke,
  platformTokenCreate,
  secretSet,
  secretDelete,
  keysRotate,
  keysGenerate,
] as Command[];

/** Commands marked `database: false` (keys:generate) run without opening the database. */
const needsDatabase = (cmd: Command) => (cmd as { database?: boolean }).database !== false;

function help(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    "Usage: npm run cli -- <command> [flags] [--json]",
    "",
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}\n  ${" ".repeat(width)}  ${c.usage}`),
  ].join("\n");
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const cmd = COMMANDS.find((c) => c.name === name);
  if (!cmd) {
    process.stderr.write(`${name && name !== "help" ? `Unknown command: ${name}\n\n` : ""}${help()}\n`);
    return name && name !== "help" ? 2 : 0;
  }
  // Known before parsing, so that even a wrong flag is answered in JSON when asked.
  const json = rest.includes("--json");
  try {
    const { values } = parseArgs({ args: rest, options: { ...cmd.flags, json: { type: "boolean" } }, strict: true });
    const input = cmd.schema.parse(values);
    const result = needsDatabase(cmd) ? await withDatabase(() => cmd.run(input)) : await cmd.run(input);
    process.stdout.write(json ? `${JSON.stringify(result)}\n` : `${cmd.describe(result)}\n`);
    return 0;
  } catch (e) {
    const message = errorMessage(e);
    if (json) process.stdout.write(`${JSON.stringify({ error: message.code, detail: message.detail })}\n`);
    else process.stderr.write(`Error: ${message.detail}\nUsage: npm run cli -- ${cmd.usage}\n`);
    return 1;
  }
}

function errorMessage(e: unknown): { code: string; detail: string } {
  if (e instanceof ZodError) {
    return { code: "validation_failed", detail: e.issues.map((i) => `--${i.path.join(".")}: ${i.message}`).join("; ") };
  }
  if (isAppError(e)) return { code: e.code, detail: e.message };
  if (e instanceof DatabaseLockedError) return { code: "database_locked", detail: e.message };
  if (e instanceof Error && "code" in e && String((e as { code: unknown }).code).startsWith("ERR_PARSE_ARGS")) {
    return { code: "bad_arguments", detail: e.message };
  }
  return { code: "internal_error", detail: e instanceof Error ? e.message : String(e) };
}

main(process.argv.slice(2)).then((code) => process.exit(code));
