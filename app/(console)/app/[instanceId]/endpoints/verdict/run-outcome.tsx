import { FormError } from "@/components/ui/field";
import type { RunState } from "./run-state";
import { TestVerdict } from "./test-verdict";

/** A run's outcome in place: the verdict, a DLP block as an alert naming the rule, or the error. */
export function RunOutcome({ state, stored = true }: { state: RunState | null; stored?: boolean }) {
  if (!state) return null;
  if (state.kind === "verdict") return <TestVerdict test={state.test} stored={stored} />;
  if (state.kind === "error") return <FormError message={state.message} />;
  return (
    <div role="alert" className="rounded-md border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-900">
      <p className="font-semibold">
        Blocked by DLP rule {state.ruleId ? <code className="rounded bg-amber-100 px-1 py-0.5 font-mono text-xs">{state.ruleId}</code> : "(unknown)"}
      </p>
      <p className="mt-1">{state.message}</p>
      <p className="mt-1 text-xs text-amber-800">Change the prompt, or ask an admin to review the workspace&apos;s DLP rules.</p>
    </div>
  );
}
