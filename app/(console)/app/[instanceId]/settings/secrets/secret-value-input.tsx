"use client";

import { useState, type TextareaHTMLAttributes } from "react";

/**
 * A multi-line value field (keys, tokens, PEM blocks) that is masked while
 * typed unless revealed; browsers neither autocomplete nor spell-check it.
 */
export function SecretValueInput({ className = "", ...props }: TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const [shown, setShown] = useState(false);
  return (
    <div className="relative">
      <textarea
        {...props}
        rows={props.rows ?? 3}
        autoComplete="off"
        autoCorrect="off"
        autoCapitalize="off"
        spellCheck={false}
        data-1p-ignore
        data-lpignore="true"
        className={`block w-full resize-y rounded-md border-0 bg-white px-3 py-2 pr-16 font-mono text-sm text-slate-900 shadow-xs ring-1 ring-inset ring-slate-300 placeholder:font-sans placeholder:text-slate-400 focus:ring-2 focus:ring-inset focus:ring-indigo-600 aria-[invalid=true]:ring-red-500 ${shown ? "" : "[-webkit-text-security:disc]"} ${className}`}
      />
      <button
        type="button"
        onClick={() => setShown((s) => !s)}
        className="absolute right-2 top-2 rounded px-1.5 py-0.5 text-xs font-medium text-slate-500 hover:bg-slate-100 hover:text-slate-700"
        aria-pressed={shown}
      >
        {shown ? "Hide" : "Show"}
      </button>
    </div>
  );
}
