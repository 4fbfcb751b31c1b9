"use client";

import { useState, useTransition } from "react";
import { useFormContext } from "react-hook-form";
import { Button } from "@/components/ui/button";
import type { EditValues } from "../form/schemas";
import { suggestDescriptionAction } from "./actions";

/** Which configuration AI features of the workspace use, or why they are off. */
export type AiAvailability = { source: "instance" | "control-plane"; provider: string } | { off: string };

const SOURCE = { instance: "this workspace's LLM configuration", "control-plane": "the control plane's LLM configuration" } as const;

/**
 * Beside the description field: asks the workspace's LLM provider for a
 * draft from the saved name, host, wire format, model and tags, and puts it
 * in the field. Nothing is saved until the operator saves the form.
 */
export function SuggestDescription({ instanceId, endpointId, ai }: { instanceId: string; endpointId: string; ai: AiAvailability }) {
  const { setValue } = useFormContext<EditValues>();
  const [pending, start] = useTransition();
  const [note, setNote] = useState<{ ok: boolean; text: string } | null>(null);

  if ("off" in ai) {
    return (
      <div className="mt-2 flex flex-wrap items-center gap-3">
        <Button type="button" variant="secondary" disabled aria-describedby="suggest-description-hint">
          Suggest description
        </Button>
        <p id="suggest-description-hint" className="text-xs text-slate-500">
          {ai.off}
        </p>
      </div>
    );
  }

  const suggest = () =>
    start(async () => {
      setNote(null);
      try {
        const res = await suggestDescriptionAction(instanceId, { id: endpointId });
        if (!res.ok) return setNote({ ok: false, text: res.error.message });
        setValue("description", res.data.description, { shouldDirty: true, shouldValidate: true });
        setNote({ ok: true, text: "Suggested from the saved name, host, wire format, model and tags. Edit it, then save." });
      } catch {
        setNote({ ok: false, text: "The server could not be reached. Check your connection and try again." });
      }
    });

  return (
    <div className="mt-2 space-y-1">
      <div className="flex flex-wrap items-center gap-3">
        <Button type="button" variant="secondary" pending={pending} onClick={suggest} aria-describedby="suggest-description-hint">
          {pending ? "Suggesting…" : "Suggest description"}
        </Button>
        <p id="suggest-description-hint" className="text-xs text-slate-500">
          Uses {SOURCE[ai.source]} ({ai.provider}). Only the name, host, wire format, model and tags are sent.
        </p>
      </div>
      <div aria-live="polite">
        {note && (
          <p role={note.ok ? "status" : "alert"} className={`text-xs ${note.ok ? "text-emerald-700" : "text-red-600"}`}>
            {note.text}
          </p>
        )}
      </div>
    </div>
  );
}
