"use client";

import { useState } from "react";
import { createSecretSchema, SECRET_NAME_MAX } from "@/lib/secrets/schema";
import { useActionForm } from "@/components/use-action-form";
import { Button } from "@/components/ui/button";
import { Field, FormError, Input } from "@/components/ui/field";
import { Card } from "@/components/ui/layout";
import { SecretValueInput } from "./secret-value-input";
import { createSecretAction } from "./actions";

export function CreateSecretForm({ instanceId }: { instanceId: string }) {
  const [created, setCreated] = useState<{ ref: string; hint: string } | null>(null);
  const { form, formError, handle } = useActionForm(createSecretSchema, { name: "", value: "" });
  const { register, formState, reset } = form;
  const errors = formState.errors;

  const onSubmit = handle((values) => createSecretAction(instanceId, values), (data) => {
    setCreated({ ref: data.ref, hint: data.hint });
    reset();
  });

  return (
    <Card title="Add a secret">
      <form onSubmit={onSubmit} className="grid gap-4 md:grid-cols-[minmax(0,2fr)_minmax(0,3fr)_auto] md:items-start" noValidate>
        <Field
          label="Name"
          htmlFor="secret-name"
          error={errors.name?.message}
          hint={`Lowercase letters, digits, _ and -; up to ${SECRET_NAME_MAX}. Referenced as secret:<name>.`}
        >
          <Input
            id="secret-name"
            autoComplete="off"
            spellCheck={false}
            placeholder="upstream_llm_key"
            className="font-mono"
            aria-invalid={!!errors.name}
            aria-describedby={errors.name ? "secret-name-error" : undefined}
            {...register("name")}
          />
        </Field>
        <Field label="Value" htmlFor="secret-value" error={errors.value?.message} hint="Up to 16 KiB. Sealed on arrival; only a masked hint is kept in view.">
          <SecretValueInput
            id="secret-value"
            placeholder="Paste the API key or token"
            aria-invalid={!!errors.value}
            aria-describedby={errors.value ? "secret-value-error" : undefined}
            {...register("value")}
          />
        </Field>
        <div className="md:pt-7">
          <Button type="submit" pending={formState.isSubmitting}>
            Add secret
          </Button>
        </div>
      </form>
      <div className="mt-3 space-y-2">
        <FormError message={formError} />
        {created && !formError && (
          <p role="status" className="text-sm text-emerald-700">
            <span className="font-mono">{created.ref}</span> was created ({created.hint}).
          </p>
        )}
      </div>
    </Card>
  );
}
