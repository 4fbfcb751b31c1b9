import { recordAudit } from "@/lib/audit/service";
import { CLI, type Actor } from "@/lib/auth/actor";
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

/** The audit row of one CLI mutation: the operator's shell is the actor unless a user is named. */
export function auditCli(entry: { instanceId: string | null; action: string; target: string; status?: number; actor?: Actor }): void {
  recordAudit({ actor: CLI, status: 200, ...entry });
}
