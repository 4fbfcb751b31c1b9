"use client";

import type { UseFormRegisterReturn } from "react-hook-form";
import { WIRE_FORMATS, WIRE_FORMAT_HELP, type WireFormat } from "@/lib/endpoints/wire-formats";
import { WIRE_FORMAT_LABEL } from "./values";

type Props = { field: UseFormRegisterReturn<"wire_format">; current: WireFormat | undefined; error?: string };

/** The wire formats as radio cards, each with its one-line explanation. */
export function WireFormatCards({ field, current, error }: Props) {
  return (
    <fieldset aria-describedby={error ? "endpoint-wire-format-error" : undefined}>
      <legend className="text-sm font-medium text-slate-800">Wire format</legend>
      <p className="text-xs text-slate-500">How Penaxtra talks to the endpoint and reads its answer.</p>
      <div className="mt-2 grid gap-2 sm:grid-cols-2">
        {WIRE_FORMATS.map((wf) => (
          <label
            key={wf}
            className={`flex cursor-pointer gap-3 rounded-md border p-3 focus-within:ring-2 focus-within:ring-indigo-600 ${
              current === wf ? "border-indigo-600 bg-indigo-50/60" : "border-slate-200 hover:bg-slate-50"
            }`}
          >
            <input type="radio" value={wf} className="mt-1 h-4 w-4 shrink-0 accent-indigo-600" {...field} />
            <span className="min-w-0">
              <span className="block text-sm font-medium text-slate-900">
                {WIRE_FORMAT_LABEL[wf]} <span className="ml-1 font-mono text-xs font-normal text-slate-500">{wf}</span>
              </span>
              <span className="block text-xs text-slate-600">{WIRE_FORMAT_HELP[wf]}</span>
            </span>
          </label>
        ))}
      </div>
      {error && (
        <p role="alert" id="endpoint-wire-format-error" className="mt-2 text-xs font-medium text-red-600">
          {error}
        </p>
      )}
    </fieldset>
  );
}
