"use client";

import { useState } from "react";
import { useActionForm } from "@/components/use-action-form";
import { Button } from "@/components/ui/button";
import { Field, FormError, Input } from "@/components/ui/field";
import { Card } from "@/components/ui/layout";
import { changeHandleAction } from "./actions";
import { changeHandleSchema } from "./handle-schema";

/** The user's handle: the {owner} in /api/v2/llm-services/{owner}/…, editable. */
export function ChangeHandleForm({ handle }: { handle: string }) {
  const [saved, setSaved] = useState<string | null>(null);
  const { form, formError, handle: submitWith } = useActionForm(changeHandleSchema, { handle });
  const { register, formState, reset } = form;
  const error = formState.errors.handle?.message;

  const onSubmit = submitWith(changeHandleAction, (data) => {
    setSaved(data.handle);
    reset({ handle: data.handle });
  });

  return (
    <Card title="Your handle">
      <form onSubmit={onSubmit} className="max-w-md space-y-4" noValidate>
        <FormError message={formError} />
        <Field
          label="Handle"
          htmlFor="account-handle"
          error={error}
          hint="Names you in the LLM services API (/api/v2/llm-services/<handle>/…). Lowercase letters, digits, - and _, up to 39 characters."
        >
          <Input
            id="account-handle"
            autoComplete="username"
            spellCheck={false}
            className="font-mono"
            aria-invalid={!!error}
            aria-describedby={error ? "account-handle-error" : undefined}
            {...register("handle", { onChange: () => setSaved(null) })}
          />
        </Field>
        <Button type="submit" pending={formState.isSubmitting} disabled={!formState.isDirty}>
          Save handle
        </Button>
        {saved !== null && !formError && (
          <p role="status" className="text-sm text-emerald-700">
            Your handle is now <span className="font-mono">{saved}</span>.
          </p>
        )}
      </form>
    </Card>
  );
}
