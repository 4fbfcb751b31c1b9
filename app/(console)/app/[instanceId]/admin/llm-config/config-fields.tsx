"use client";

import { useFormContext } from "react-hook-form";
import { PROVIDER_LABELS, PROVIDERS, type CreateLlmConfigInput, type Provider } from "@/lib/llm-config/schema";
import { Field, Input, Select } from "@/components/ui/field";
import { providerHint } from "./provider-hints";

type Values = Pick<CreateLlmConfigInput, "provider" | "model" | "api_key" | "base_url">;

/**
 * Provider, model, API key and base URL: the create and the edit form. On
 * edit an empty key keeps the stored one, and an empty base URL removes it.
 */
export function ConfigFields({ mode, id }: { mode: "create" | "edit"; id: string }) {
  const { register, watch, formState } = useFormContext<Values>();
  const errors = formState.errors;
  const hint = providerHint((watch("provider") ?? "anthropic") as Provider);
  const aria = (name: keyof Values) => ({ "aria-invalid": !!errors[name], "aria-describedby": errors[name] ? `${id}-${name}-error` : undefined });
  const blankAs = (empty: undefined | null) => ({ setValueAs: (v: string | null | undefined) => (v ? v : empty) });
  const keyHint =
    mode === "edit"
      ? "Leave empty to keep the current key. Sealed on arrival; only a masked hint is shown."
      : hint.keyOptional
        ? "Optional for Ollama. Sealed on arrival; only a masked hint is shown."
        : "Sealed on arrival; only a masked hint is ever shown again.";

  return (
    <div className="grid gap-5 lg:grid-cols-2">
      <Field label="Provider" htmlFor={`${id}-provider`} error={errors.provider?.message}>
        <Select id={`${id}-provider`} {...aria("provider")} {...register("provider")}>
          {PROVIDERS.map((p) => (
            <option key={p} value={p}>
              {PROVIDER_LABELS[p]}
            </option>
          ))}
        </Select>
      </Field>
      <Field label="Model" htmlFor={`${id}-model`} error={errors.model?.message} hint="The model identifier the provider expects; the connection test checks it is listed.">
        <Input id={`${id}-model`} autoComplete="off" spellCheck={false} className="font-mono" placeholder={hint.model} {...aria("model")} {...register("model")} />
      </Field>
      <Field label={mode === "create" && hint.keyOptional ? "API key (optional)" : mode === "edit" ? "New API key (optional)" : "API key"} htmlFor={`${id}-api_key`} error={errors.api_key?.message} hint={keyHint}>
        <Input
          id={`${id}-api_key`}
          type="password"
          autoComplete="off"
          spellCheck={false}
          data-1p-ignore
          data-lpignore="true"
          className="font-mono"
          placeholder={mode === "edit" ? "Leave empty to keep the current key" : "Paste the provider's API key"}
          {...aria("api_key")}
          {...register("api_key", blankAs(undefined))}
        />
      </Field>
      <Field label={hint.needsBaseUrl ? "Base URL" : "Base URL (optional)"} htmlFor={`${id}-base_url`} error={errors.base_url?.message} hint={hint.baseUrl}>
        <Input
          id={`${id}-base_url`}
          autoComplete="off"
          spellCheck={false}
          className="font-mono"
          placeholder={hint.needsBaseUrl ? "https://" : "The provider's own address"}
          {...aria("base_url")}
          {...register("base_url", blankAs(mode === "edit" ? null : undefined))}
        />
      </Field>
    </div>
  );
}
