"use client";

import type { UseFormReturn } from "react-hook-form";
import { HANDLE_MAX, KEY_METHOD_LABELS, KEY_METHODS, type ApiStandardInput, type KeyMethod } from "@/lib/api-standards/schema";
import { Field, Input, Select, Textarea } from "@/components/ui/field";

// The four fields of a standard, for the create and the edit dialog. The key
// field follows the key method: emptied and locked for "none", with an
// example of the usual name for the others.

const KEY_FIELD_HINT: Record<KeyMethod, string> = {
  auth_bearer: "The header that carries “Bearer <key>”, normally Authorization.",
  auth_apikey: "The header that carries the key as is, e.g. X-API-Key.",
  query_param: "The query parameter that carries the key, e.g. key. Keys in URLs are redacted from logs and test history.",
  none: "Nothing is sent: the upstream needs no credential.",
};

const KEY_FIELD_EXAMPLE: Record<KeyMethod, string> = { auth_bearer: "Authorization", auth_apikey: "X-API-Key", query_param: "key", none: "" };

type Props = { prefix: string; form: UseFormReturn<ApiStandardInput>; editing: boolean };

export function StandardFields({ prefix, form, editing }: Props) {
  const { register, setValue, watch, formState } = form;
  const errors = formState.errors;
  const method = (watch("key_method") ?? "auth_bearer") as KeyMethod;
  const id = (f: keyof ApiStandardInput) => `${prefix}-${f}`;
  const described = (f: keyof ApiStandardInput) => (errors[f] ? `${id(f)}-error` : undefined);

  const methodField = register("key_method", {
    onChange: (e: { target: { value: KeyMethod } }) => {
      const next = e.target.value;
      const current = form.getValues("key_field") ?? "";
      // Keep a name the user typed; swap an empty field or another method's example for this method's.
      if (next === "none" || current === "" || Object.values(KEY_FIELD_EXAMPLE).includes(current)) setValue("key_field", KEY_FIELD_EXAMPLE[next]);
    },
  });

  return (
    <>
      <Field
        label="Handle"
        htmlFor={id("api_standard_handle")}
        error={errors.api_standard_handle?.message}
        hint={editing ? "Handles cannot be changed: endpoints refer to the standard by it." : `Lowercase letters, digits and -, up to ${HANDLE_MAX}. Endpoints refer to the standard by it.`}
      >
        <Input
          id={id("api_standard_handle")}
          autoComplete="off"
          spellCheck={false}
          readOnly={editing}
          placeholder="custom-provider"
          className={`font-mono ${editing ? "bg-slate-50! text-slate-600!" : ""}`}
          aria-invalid={!!errors.api_standard_handle}
          aria-describedby={described("api_standard_handle")}
          {...register("api_standard_handle")}
        />
      </Field>
      <Field label="Description" htmlFor={id("description")} error={errors.description?.message} hint="What the provider's API is, with a link to its documentation.">
        <Textarea id={id("description")} rows={3} aria-invalid={!!errors.description} aria-describedby={described("description")} {...register("description")} />
      </Field>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Key method" htmlFor={id("key_method")} error={errors.key_method?.message}>
          <Select id={id("key_method")} aria-invalid={!!errors.key_method} {...methodField}>
            {KEY_METHODS.map((m) => (
              <option key={m} value={m}>
                {KEY_METHOD_LABELS[m]}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Key field" htmlFor={id("key_field")} error={errors.key_field?.message} hint={KEY_FIELD_HINT[method]}>
          <Input
            id={id("key_field")}
            autoComplete="off"
            spellCheck={false}
            disabled={method === "none"}
            placeholder={KEY_FIELD_EXAMPLE[method] || "—"}
            className="font-mono disabled:bg-slate-50"
            aria-invalid={!!errors.key_field}
            aria-describedby={described("key_field")}
            {...register("key_field")}
          />
        </Field>
      </div>
    </>
  );
}
