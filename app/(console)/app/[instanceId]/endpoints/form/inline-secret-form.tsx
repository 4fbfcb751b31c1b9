"use client";

import { useActionForm } from "@/components/use-action-form";
import { Button } from "@/components/ui/button";
import { Field, FormError, Input } from "@/components/ui/field";
import { SecretValueInput } from "../../settings/secrets/secret-value-input";
import { createSecretAction } from "../../settings/secrets/actions";

type Props = { instanceId: string; onCreated: (secret: { name: string; hint: string }) => void; onCancel: () => void };

// Loaded when the form mounts: the schema module imports zod, which the endpoint wizard keeps out of its first load.
const loadSchema = () => import("@/lib/secrets/schema").then((m) => m.createSecretSchema);

/**
 * Creates a secret without leaving the endpoint form. It sits inside that
 * form, so it is a group rather than a nested <form>: its button and Enter
 * in its name field submit it, never the endpoint form.
 */
export function InlineSecretForm({ instanceId, onCreated, onCancel }: Props) {
  const { form, formError, handle } = useActionForm(loadSchema, { name: "", value: "" });
  const { register, formState } = form;
  const errors = formState.errors;
  const submit = handle((values) => createSecretAction(instanceId, values), (data) => onCreated({ name: data.name, hint: data.hint }));

  return (
    <div role="group" aria-labelledby="inline-secret-title" className="space-y-4 rounded-md border border-indigo-200 bg-indigo-50/40 p-4">
      <div>
        <h3 id="inline-secret-title" className="text-sm font-semibold text-slate-900">
          Create a secret
        </h3>
        <p className="text-xs text-slate-600">Sealed on arrival; the endpoint refers to it by name and the value is never shown again.</p>
      </div>
      <div className="grid gap-4 lg:grid-cols-[minmax(0,2fr)_minmax(0,3fr)]">
        <Field label="Secret name" htmlFor="inline-secret-name" error={errors.name?.message} hint="Lowercase letters, digits, _ and -.">
          <Input
            id="inline-secret-name"
            autoComplete="off"
            spellCheck={false}
            placeholder="upstream_llm_key"
            className="font-mono"
            aria-invalid={!!errors.name}
            aria-describedby={errors.name ? "inline-secret-name-error" : undefined}
            {...register("name")}
            onKeyDown={(e) => {
              if (e.key === "Enter") {
                e.preventDefault();
                void submit();
              }
            }}
          />
        </Field>
        <Field label="Secret value" htmlFor="inline-secret-value" error={errors.value?.message}>
          <SecretValueInput
            id="inline-secret-value"
            rows={2}
            placeholder="Paste the API key or token"
            aria-invalid={!!errors.value}
            aria-describedby={errors.value ? "inline-secret-value-error" : undefined}
            {...register("value")}
          />
        </Field>
      </div>
      <FormError message={formError} />
      <div className="flex gap-2">
        <Button type="button" pending={formState.isSubmitting} onClick={() => void submit()}>
          Create secret
        </Button>
        <Button type="button" variant="ghost" disabled={formState.isSubmitting} onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </div>
  );
}
