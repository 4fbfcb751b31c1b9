"use client";

import { useState, useTransition } from "react";
import { updateDlpRuleActionSchema, type DlpRuleView } from "@/lib/dlp/schema";
import { useActionForm } from "@/components/use-action-form";
import { Button } from "@/components/ui/button";
import { ConfirmButton } from "@/components/ui/confirm-button";
import { Dialog } from "@/components/ui/dialog";
import { FormError } from "@/components/ui/field";
import { RuleFields } from "./rule-fields";
import { Switch } from "./builtin-rule-controls";
import { deleteDlpRuleAction, updateDlpRuleAction } from "./actions";

type Props = { instanceId: string; rule: Pick<DlpRuleView, "id" | "name" | "pattern" | "action" | "enabled"> };

/** A custom pattern's switch, edit dialog and delete button. */
export function CustomRuleActions({ instanceId, rule }: Props) {
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();

  const toggle = (enabled: boolean) =>
    start(async () => {
      const res = await updateDlpRuleAction(instanceId, { id: rule.id, enabled });
      setError(res.ok ? null : res.error.message);
    });

  return (
    <div className="flex flex-col items-end gap-1">
      <div className="flex items-center gap-1">
        <Switch label={`${rule.name} on`} checked={rule.enabled} disabled={pending} onChange={toggle} />
        <EditRuleDialog instanceId={instanceId} rule={rule} />
        <ConfirmButton
          triggerLabel="Delete"
          triggerClassName="px-2!"
          title={`Delete the pattern "${rule.name}"?`}
          description="Endpoint tests stop checking for it at once. Switch it off instead to keep it for later."
          confirmLabel="Delete pattern"
          onConfirm={async () => {
            const res = await deleteDlpRuleAction(instanceId, { id: rule.id });
            if (!res.ok) setError(res.error.message);
          }}
        />
      </div>
      {error && (
        <p role="alert" className="max-w-72 whitespace-normal text-xs text-red-600">
          {error}
        </p>
      )}
    </div>
  );
}

function EditRuleDialog({ instanceId, rule }: Props) {
  const [open, setOpen] = useState(false);
  const initial = { id: rule.id, name: rule.name, pattern: rule.pattern ?? "", action: rule.action };
  const { form, formError, setFormError, handle } = useActionForm(updateDlpRuleActionSchema, initial);
  const { register, formState, reset } = form;
  const formId = `edit-${rule.id}-form`;

  const close = () => {
    reset(initial);
    setFormError(null);
    setOpen(false);
  };
  const onSubmit = handle((values) => updateDlpRuleAction(instanceId, values), () => setOpen(false));

  return (
    <>
      <Button variant="ghost" className="px-2!" onClick={() => setOpen(true)}>
        Edit
      </Button>
      <Dialog
        open={open}
        onClose={close}
        dismissable={!formState.isSubmitting}
        size="lg"
        title={`Edit "${rule.name}"`}
        description="Endpoint tests use the changed pattern from their next run."
        footer={
          <>
            <Button type="button" variant="secondary" disabled={formState.isSubmitting} onClick={close}>
              Cancel
            </Button>
            <Button type="submit" form={formId} pending={formState.isSubmitting}>
              Save pattern
            </Button>
          </>
        }
      >
        <form id={formId} onSubmit={onSubmit} noValidate className="space-y-4">
          <input type="hidden" {...register("id")} />
          <RuleFields prefix={`edit-${rule.id}`} register={(f) => register(f)} errors={formState.errors} />
          <FormError message={formError} />
        </form>
      </Dialog>
    </>
  );
}
