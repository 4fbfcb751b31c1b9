"use client";

import { useState } from "react";
import { replaceSecretSchema } from "@/lib/secrets/schema";
import { useActionForm } from "@/components/use-action-form";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field, FormError } from "@/components/ui/field";
import { SecretValueInput } from "./secret-value-input";
import { replaceSecretAction } from "./actions";

type Props = { instanceId: string; name: string; onReplaced: (hint: string) => void };

/** Replace a secret's value in a dialog; the old value is not shown. */
export function ReplaceSecretDialog({ instanceId, name, onReplaced }: Props) {
  const [open, setOpen] = useState(false);
  const { form, formError, setFormError, handle } = useActionForm(replaceSecretSchema, { name, value: "" });
  const { register, formState, reset } = form;
  const fieldId = `replace-${name}-value`;
  const formId = `replace-${name}-form`;

  const close = () => {
    reset({ name, value: "" });
    setFormError(null);
    setOpen(false);
  };
  const onSubmit = handle((values) => replaceSecretAction(instanceId, values), (data) => {
    onReplaced(data.hint);
    close();
  });

  return (
    <>
      <Button variant="ghost" className="px-2!" onClick={() => setOpen(true)}>
        Replace
      </Button>
      <Dialog
        open={open}
        onClose={close}
        dismissable={!formState.isSubmitting}
        size="lg"
        title={
          <>
            Replace the value of <span className="font-mono">{name}</span>
          </>
        }
        description={
          <>
            Everything that refers to <span className="font-mono">secret:{name}</span> uses the new value from its next call. The old value cannot be recovered.
          </>
        }
        footer={
          <>
            <Button type="button" variant="secondary" disabled={formState.isSubmitting} onClick={close}>
              Cancel
            </Button>
            <Button type="submit" form={formId} pending={formState.isSubmitting}>
              Replace value
            </Button>
          </>
        }
      >
        <form id={formId} onSubmit={onSubmit} noValidate className="space-y-4">
          <input type="hidden" {...register("name")} />
          <Field label="New value" htmlFor={fieldId} error={formState.errors.value?.message}>
            <SecretValueInput id={fieldId} aria-invalid={!!formState.errors.value} aria-describedby={formState.errors.value ? `${fieldId}-error` : undefined} {...register("value")} />
          </Field>
          <FormError message={formError} />
        </form>
      </Dialog>
    </>
  );
}
