"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/layout";
import { testDraftAction } from "../actions";
import type { BasicsValues, ConnectionValues } from "../form/values";
import { RunOutcome } from "../verdict/run-outcome";
import { toRunState, UNREACHABLE, type RunState } from "../verdict/run-state";
import { createPayloadAsync } from "./load-schemas";

type Props = { instanceId: string; basics: BasicsValues; connection: ConnectionValues; disabled?: boolean };

/**
 * The review step's "Test before saving": the same run as the endpoint
 * page's Test, on the values the create action will get. Nothing is stored.
 */
export function DraftTest({ instanceId, basics, connection, disabled }: Props) {
  const [state, setState] = useState<RunState | null>(null);
  const [pending, setPending] = useState(false);

  async function run() {
    const payload = await createPayloadAsync(basics, connection).catch(() => null);
    if (!payload) return setState(UNREACHABLE);
    if (!payload.ok) return setState({ kind: "error", message: `Step ${payload.step} has a field to fix before the test can run.` });
    setState(null);
    setPending(true);
    try {
      setState(toRunState(await testDraftAction(instanceId, payload.value)));
    } catch {
      setState(UNREACHABLE);
    } finally {
      setPending(false);
    }
  }

  return (
    <Card>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <h2 className="text-sm font-semibold text-slate-900">Test before saving</h2>
          <p className="mt-1 max-w-xl text-sm text-slate-600" aria-live="polite">
            {pending ? "Sending a test request and checking the answer…" : "Sends one request with these settings and checks the answer. Nothing is stored until you create the endpoint."}
          </p>
        </div>
        <Button type="button" variant="secondary" pending={pending} disabled={disabled} onClick={run}>
          {pending ? "Testing…" : "Test before saving"}
        </Button>
      </div>
      <div aria-live="polite" className="empty:hidden mt-4">
        <RunOutcome state={state} stored={false} />
      </div>
    </Card>
  );
}
