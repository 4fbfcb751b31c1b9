"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { testRequestSchema } from "@/lib/endpoints/testing/schema";
import { useActionForm } from "@/components/use-action-form";
import { Button } from "@/components/ui/button";
import { Textarea } from "@/components/ui/field";
import { testEndpointAction } from "../actions";
import { RunOutcome } from "../verdict/run-outcome";
import { toRunState, UNREACHABLE, type RunState } from "../verdict/run-state";

const MAX = 4000;

/**
 * The "Test" button: one request to the endpoint with its own credential and
 * wire format (an optional prompt of the user's), the verdict shown in place.
 * The run is stored; the page's history refreshes after it.
 */
export function EndpointTester({ instanceId, endpointId }: { instanceId: string; endpointId: string }) {
  const router = useRouter();
  const { form } = useActionForm(testRequestSchema, {});
  const [state, setState] = useState<RunState | null>(null);
  const [open, setOpen] = useState(false);
  const { errors, isSubmitting } = form.formState;
  const length = form.watch("prompt")?.length ?? 0;

  const submit = form.handleSubmit(async (values) => {
    setState(null);
    try {
      setState(toRunState(await testEndpointAction(instanceId, { id: endpointId, ...values })));
    } catch {
      setState(UNREACHABLE);
    }
    router.refresh();
  });

  return (
    <form onSubmit={submit} noValidate aria-label="Test the endpoint" className="space-y-4">
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" pending={isSubmitting}>
          {isSubmitting ? "Testing…" : "Test"}
        </Button>
        <p className="text-sm text-slate-600" aria-live="polite">
          {isSubmitting ? "Sending a test request and checking the answer…" : "Sends one request with the endpoint's credential and checks the answer's format."}
        </p>
      </div>
      <details className="group rounded-md border border-slate-200 open:bg-slate-50/60" open={open || !!errors.prompt} onToggle={(e) => setOpen(e.currentTarget.open)}>
        <summary className="cursor-pointer px-3 py-2 text-sm font-medium text-slate-700 select-none">Custom prompt (optional)</summary>
        <div className="space-y-1.5 px-3 pb-3">
          <label htmlFor="test-prompt" className="block text-sm font-medium text-slate-800">
            Prompt
          </label>
          <Textarea
            id="test-prompt"
            rows={3}
            placeholder="Leave empty for the default prompt"
            aria-invalid={!!errors.prompt}
            aria-describedby={errors.prompt ? "test-prompt-error" : "test-prompt-hint"}
            {...form.register("prompt", { setValueAs: (v: string) => (v === "" ? undefined : v) })}
          />
          {errors.prompt ? (
            <p role="alert" id="test-prompt-error" className="text-xs font-medium text-red-600">
              {errors.prompt.message}
            </p>
          ) : (
            <p id="test-prompt-hint" className={`text-xs ${length > MAX ? "text-red-600" : "text-slate-500"}`}>
              {length} / {MAX} characters. Checked against the workspace&apos;s DLP rules before it is sent.
            </p>
          )}
        </div>
      </details>
      <div aria-live="polite">
        <RunOutcome state={state} />
      </div>
    </form>
  );
}
