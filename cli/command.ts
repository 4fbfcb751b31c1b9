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
