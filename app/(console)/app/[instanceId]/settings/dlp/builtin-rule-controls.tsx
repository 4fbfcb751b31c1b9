"use client";

import { useState, useTransition } from "react";
import { DLP_ACTIONS, type DlpAction } from "@/lib/dlp/schema";
import { updateDlpRuleAction } from "./actions";

type Props = { instanceId: string; id: string; name: string; enabled: boolean; action: DlpAction };

/** A built-in detector's switch and action; each change is saved at once. */
export function BuiltinRuleControls({ instanceId, id, name, enabled, action }: Props) {
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();

  const save = (patch: { enabled?: boolean; action?: DlpAction }) =>
    start(async () => {
      const res = await updateDlpRuleAction(instanceId, { id, ...patch });
      setError(res.ok ? null : res.error.message);
    });

  return (
    <div className="flex items-center justify-end gap-3">
      {error && (
        <span role="alert" className="max-w-64 whitespace-normal text-xs text-red-600">
          {error}
        </span>
      )}
      <select
        aria-label={`Action of ${name}`}
        value={action}
        disabled={pending || !enabled}
        onChange={(e) => save({ action: e.target.value as DlpAction })}
        className="rounded-md border-0 py-1 pl-2 pr-7 text-sm ring-1 ring-inset ring-slate-300 disabled:text-slate-400"
      >
        {DLP_ACTIONS.map((a) => (
          <option key={a} value={a}>
            {a === "block" ? "Block" : "Report only"}
          </option>
        ))}
      </select>
      <Switch label={`${name} on`} checked={enabled} disabled={pending} onChange={(on) => save({ enabled: on })} />
    </div>
  );
}

export function Switch({ label, checked, disabled, onChange }: { label: string; checked: boolean; disabled?: boolean; onChange: (on: boolean) => void }) {
  return (
    <button
      type="button"
      role="switch"
      aria-checked={checked}
      aria-label={label}
      disabled={disabled}
      onClick={() => onChange(!checked)}
      className={`relative inline-flex h-5 w-9 shrink-0 items-center rounded-full transition-colors focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 disabled:cursor-not-allowed disabled:opacity-60 ${checked ? "bg-indigo-600" : "bg-slate-300"}`}
    >
      <span aria-hidden className={`inline-block h-4 w-4 rounded-full bg-white shadow-sm transition-transform ${checked ? "translate-x-4.5" : "translate-x-0.5"}`} />
    </button>
  );
}
