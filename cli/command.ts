import { recordAudit, type AuditActor } from "@/lib/audit/service";
import type { z } from "zod";

export type Command<S extends z.ZodType = z.ZodType> = {
  name: string;
  summary: string;
  usage: string;
  /** Flags and their types, for node:util parseArgs. */
  flags: Record<string, { type: "string" | "boolean" }>;
  schema: S;
  run(input: z.output<S>): Promise<Record<string, unknown>>;
  /** Human-readable line for output without --json. */
  describe(result: Record<string, unknown>): string;
};

export function command<S extends z.ZodType>(c: Command<S>): Command<S> {
  return c;
}

/** Who CLI mutations are attributed to when no console user acts. */
export const CLI_ACTOR = { type: "system", label: "cli" } as const;

/** The audit row of one CLI mutation: the operator's shell is the actor unless a user is named. */
export function auditCli(entry: { instanceId: string | null; action: string; target: string; status?: number; actor?: AuditActor }): void {
  recordAudit({ actor: CLI_ACTOR, status: 200, ...entry });
}
