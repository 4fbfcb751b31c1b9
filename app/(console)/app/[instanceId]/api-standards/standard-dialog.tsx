"use client";

import { useState } from "react";
import { apiStandardInputSchema, type ApiStandardInput, type ApiStandardView } from "@/lib/api-standards/schema";
import { useActionForm } from "@/components/use-action-form";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { FormError } from "@/components/ui/field";
import { StandardFields } from "./standard-fields";
import type { ActionResult } from "@/lib/http/with-action";
import { createApiStandardAction, updateApiStandardAction } from "./actions";

type Props = { standard?: ApiStandardView; references?: number };

/** The API's 409 tells a client to PUT or PATCH; in the console the way out is another handle or the row's Edit. */
function inConsoleWords<T>(result: ActionResult<T>, handle: string): ActionResult<T> {
  if (result.ok || result.error.code !== "already_exists") return result;
  return { ...result, error: { ...result.error, message: `A standard with the handle "${handle}" exists already: choose another handle, or use Edit on its row.` } };
}

const EMPTY: ApiStandardInput = { api_standard_handle: "", description: "", key_method: "auth_bearer", key_field: "Authorization" };

/** Creates a standard (no `standard`) or edits one; the same schema as the API's POST and PUT. */
export function StandardDialog({ standard, references = 0 }: Props) {
  const editing = !!standard;
  const initial: ApiStandardInput = standard ?? EMPTY;
  const [open, setOpen] = useState(false);
  const { form, formError, setFormError, handle } = useActionForm(apiStandardInputSchema, initial);
  const { formState, reset } = form;
  const prefix = editing ? `edit-${standard.api_standard_handle}` : "new-standard";
  const formId = `${prefix}-form`;

  const close = () => {
    reset(initial);
    setFormError(null);
    setOpen(false);
  };
  const onSubmit = handle(
    async (values) => (editing ? updateApiStandardAction(values) : inConsoleWords(await createApiStandardAction(values), values.api_standard_handle.trim())),
    (saved) => {
      reset(editing ? saved : EMPTY);
      setOpen(false);
    },
  );

  return (
    <>
      {editing ? (
        <Button variant="ghost" className="px-2!" onClick={() => setOpen(true)}>
          Edit
        </Button>
      ) : (
        <Button onClick={() => setOpen(true)}>New API standard</Button>
      )}
      <Dialog
        open={open}
        onClose={close}
        dismissable={!formState.isSubmitting}
        size="lg"
        title={editing ? <>Edit <span className="font-mono">{standard.api_standard_handle}</span></> : "New API standard"}
        description={
          editing
            ? references > 0
              ? `${references} endpoint${references === 1 ? "" : "s"} use${references === 1 ? "s" : ""} this standard; they send their key the new way from their next call.`
              : "No endpoint uses this standard yet."
            : "A way of sending an API key that endpoints in every workspace can choose."
        }
        footer={
          <>
            <Button type="button" variant="secondary" disabled={formState.isSubmitting} onClick={close}>
              Cancel
            </Button>
            <Button type="submit" form={formId} pending={formState.isSubmitting}>
              {editing ? "Save standard" : "Create standard"}
            </Button>
          </>
        }
      >
        <form id={formId} onSubmit={onSubmit} noValidate className="space-y-4">
          <StandardFields prefix={prefix} form={form} editing={editing} />
          <FormError message={formError} />
        </form>
      </Dialog>
    </>
  );
}
