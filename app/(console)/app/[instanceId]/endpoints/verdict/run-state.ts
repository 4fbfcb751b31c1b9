import type { ActionResult } from "@/lib/http/with-action";
import type { Verdict } from "./reasons";

/** What a test run left to show: its verdict, a DLP block naming the rule, or another error. */
export type RunState =
  | { kind: "verdict"; test: Verdict }
  | { kind: "dlp"; ruleId: string | null; message: string }
  | { kind: "error"; message: string };

export function toRunState(result: ActionResult<Verdict>): RunState {
  if (result.ok) return { kind: "verdict", test: result.data };
  if (result.error.code === "dlp_blocked") {
    const rule = result.error.details?.rule_id;
    return { kind: "dlp", ruleId: typeof rule === "string" ? rule : null, message: result.error.message };
  }
  const field = result.error.fields?.[0];
  return { kind: "error", message: field ? `${result.error.message}: ${field.message}` : result.error.message };
}

export const UNREACHABLE: RunState = { kind: "error", message: "The server could not be reached. Check your connection and try again." };
