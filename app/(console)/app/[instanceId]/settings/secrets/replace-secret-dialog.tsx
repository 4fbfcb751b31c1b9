"use client";

import { useEffect, useRef, useState } from "react";
import { replaceSecretSchema } from "@/lib/secrets/schema";
import { useActionForm } from "@/components/use-action-form";
import { Button } from "@/components/ui/button";
import { Field, FormError } from "@/components/ui/field";
import { SecretValueInput } from "./secret-value-input";
import { replaceSecretAction } from "./actions";

type Props = { instanceId: string; name: string; onReplaced: (hint: string) => void };

/** Replace a secret's value in a native <dialog>; the old value is not shown. */
export function ReplaceSecretDialog({ instanceId, name, onReplaced }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [open, setOpen] = useState(false);
  const { form, formError, setFormError, handle } = useActionForm(replaceSecretSchema, { name, value: "" });
  const { register, formState, reset } = form;
  const fieldId = `replace-${name}-value`;

  useEffect(() => {
    const d = dialog.current;
    if (open && d && !d.open) d.showModal();
    if (!open && d?.open) d.close();
  }, [open]);

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
      <dialog ref={dialog} aria-labelledby={`${fieldId}-title`} onClose={close} className="m-auto w-full max-w-lg rounded-xl p-0 shadow-xl backdrop:bg-slate-900/40">
        <form onSubmit={onSubmit} noValidate className="space-y-4 whitespace-normal p-6 text-left">
          <div>
            <h2 id={`${fieldId}-title`} className="text-base font-semibold text-slate-900">
              Replace the value of <span className="font-mono">{name}</span>
            </h2>
            <p className="mt-1 text-sm text-slate-600">
              Everything that refers to <span className="font-mono">secret:{name}</span> uses the new value from its next call. The old value cannot be recovered.
            </p>
          </div>
          <input type="hidden" {...register("name")} />
          <Field label="New value" htmlFor={fieldId} error={formState.errors.value?.message}>
            <SecretValueInput id={fieldId} aria-invalid={!!formState.errors.value} {...register("value")} />
          </Field>
          <FormError message={formError} />
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={close}>
              Cancel
            </Button>
            <Button type="submit" pending={formState.isSubmitting}>
              Replace value
            </Button>
          </div>
        </form>
      </dialog>
    </>
  );
}
