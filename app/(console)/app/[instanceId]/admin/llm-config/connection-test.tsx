"use client";

import { useState, useTransition } from "react";
import type { ConnectionResult } from "@/lib/llm-config/schema";
import { Button } from "@/components/ui/button";
import { Badge } from "@/components/ui/layout";
import { testLlmConnectionAction } from "./actions";

type Outcome = { kind: "result"; result: ConnectionResult } | { kind: "error"; message: string };

/** "Test connection": the provider's models API with the stored key; the answer shown in place. */
export function ConnectionTest({ scope }: { scope: string | null }) {
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [pending, start] = useTransition();

  const run = () =>
    start(async () => {
      setOutcome(null);
      try {
        const res = await testLlmConnectionAction(scope);
        setOutcome(res.ok ? { kind: "result", result: res.data } : { kind: "error", message: res.error.message });
      } catch {
        setOutcome({ kind: "error", message: "The server could not be reached. Check your connection and try again." });
      }
    });

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center gap-3">
        <Button variant="secondary" pending={pending} onClick={run}>
          {pending ? "Testing…" : "Test connection"}
        </Button>
        <p className="text-sm text-slate-600">Lists the provider&apos;s models with the stored key and checks the model is among them.</p>
      </div>
      <div aria-live="polite">
        {outcome && <OutcomeBox outcome={outcome} />}
      </div>
    </div>
  );
}

function OutcomeBox({ outcome }: { outcome: Outcome }) {
  if (outcome.kind === "error") {
    return (
      <p role="alert" data-testid="connection-result" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700">
        {outcome.message}
      </p>
    );
  }
  const { success, message, model } = outcome.result;
  return (
    <div
      data-testid="connection-result"
      className={`flex flex-wrap items-center gap-2 rounded-md border px-3 py-2 text-sm ${success ? "border-emerald-200 bg-emerald-50 text-emerald-900" : "border-red-200 bg-red-50 text-red-800"}`}
    >
      <Badge color={success ? "green" : "red"}>{success ? "Success" : "Failed"}</Badge>
      <span className="min-w-0 break-words">{message}</span>
      <span className="font-mono text-xs opacity-75">{model}</span>
    </div>
  );
}
