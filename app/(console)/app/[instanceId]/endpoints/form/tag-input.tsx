"use client";

import { useState } from "react";

type Props = {
  id: string;
  value: string[];
  onChange: (tags: string[]) => void;
  onBlur?: () => void;
  invalid?: boolean;
  describedBy?: string;
};

/**
 * Tags as chips: Enter, comma or space ends a tag, Backspace on an empty
 * field removes the last one, each chip has its own remove button. What is
 * typed is kept as typed: the schema says what is wrong with it.
 */
export function TagInput({ id, value, onChange, onBlur, invalid, describedBy }: Props) {
  const [draft, setDraft] = useState("");
  const add = (raw: string) => {
    const fresh = raw.split(/[\s,]+/).filter((t) => t && !value.includes(t));
    if (fresh.length) onChange([...value, ...fresh]);
    setDraft("");
  };

  return (
    <div
      data-invalid={invalid || undefined}
      className="flex min-h-[38px] flex-wrap items-center gap-1.5 rounded-md bg-white px-2 py-1 shadow-xs ring-1 ring-inset ring-slate-300 focus-within:ring-2 focus-within:ring-indigo-600 data-invalid:ring-red-500"
    >
      {value.map((tag) => (
        <span key={tag} className="inline-flex items-center gap-0.5 rounded bg-indigo-50 py-0.5 pl-2 text-xs font-medium text-indigo-700 ring-1 ring-inset ring-indigo-600/20">
          {tag}
          <button
            type="button"
            aria-label={`Remove tag ${tag}`}
            onClick={() => onChange(value.filter((t) => t !== tag))}
            className="rounded px-1.5 text-indigo-500 hover:bg-indigo-100 hover:text-indigo-800 focus-visible:outline-2 focus-visible:outline-indigo-600"
          >
            ×
          </button>
        </span>
      ))}
      <input
        id={id}
        value={draft}
        autoComplete="off"
        spellCheck={false}
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy}
        placeholder={value.length ? "" : "customer-facing, kyc"}
        onChange={(e) => (/[\s,]$/.test(e.target.value) ? add(e.target.value) : setDraft(e.target.value))}
        onKeyDown={(e) => {
          if (e.key === "Enter" && draft) {
            e.preventDefault();
            add(draft);
          } else if (e.key === "Backspace" && !draft && value.length) {
            onChange(value.slice(0, -1));
          }
        }}
        onBlur={() => {
          add(draft);
          onBlur?.();
        }}
        className="min-w-40 flex-1 border-0 bg-transparent px-1 py-1 text-sm text-slate-900 placeholder:text-slate-400 focus:outline-none"
      />
    </div>
  );
}
