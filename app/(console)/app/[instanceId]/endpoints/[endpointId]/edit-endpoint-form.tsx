"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { FormProvider, type Path } from "react-hook-form";
import type { EndpointView } from "@/lib/endpoints/schema";
import { useActionForm } from "@/components/use-action-form";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/field";
import { updateEndpointAction } from "../actions";
import { BasicsFields } from "../form/basics-fields";
import { ConnectionFields } from "../form/connection-fields";
import { changedFields, editDefaults, editEndpointSchema, type EditValues, type OwnerOption, type SecretOption, type StandardOption } from "../form/schemas";
import { placeServerErrors } from "../form/server-errors";
import { SuggestDescription, type AiAvailability } from "./suggest-description";

type Props = {
  instanceId: string;
  endpoint: EndpointView;
  owners: OwnerOption[];
  secrets: SecretOption[];
  canCreateSecret: boolean;
  ai: AiAvailability;
  standards: StandardOption[];
  onDone: (saved: boolean) => void;
};

/** The endpoint's fields, prefilled; saving sends only what changed (PATCH semantics). */
export function EditEndpointForm({ instanceId, endpoint, owners, secrets, canCreateSecret, ai, standards, onDone }: Props) {
  const router = useRouter();
  const { form, formError, setFormError } = useActionForm(editEndpointSchema, editDefaults(endpoint));
  const [duplicateOf, setDuplicateOf] = useState<string | null>(null);

  const submit = form.handleSubmit(async (values) => {
    setFormError(null);
    setDuplicateOf(null);
    const patch = changedFields(endpoint, values);
    if (Object.keys(patch).length === 0) return onDone(false);
    try {
      const result = await updateEndpointAction(instanceId, { id: endpoint.id, patch });
      if (result.ok) {
        router.refresh();
        return onDone(true);
      }
      const placed = placeServerErrors(result.error);
      if (!placed) return setFormError(result.error.message);
      setDuplicateOf(placed.duplicateOf);
      Object.entries(placed.fields).forEach(([field, message], i) => form.setError(field as Path<EditValues>, { message }, { shouldFocus: i === 0 }));
    } catch {
      setFormError("The server could not be reached. Check your connection and try again.");
    }
  });

  return (
    <FormProvider {...form}>
      <form onSubmit={submit} noValidate aria-label="Edit endpoint" className="space-y-8">
        <FormError message={formError} />
        <BasicsFields owners={owners} descriptionExtra={<SuggestDescription instanceId={instanceId} endpointId={endpoint.id} ai={ai} />} />
        <div className="border-t border-slate-200 pt-6">
          <ConnectionFields instanceId={instanceId} secrets={secrets} canCreateSecret={canCreateSecret} standards={standards} duplicateOf={duplicateOf} />
        </div>
        <div className="flex gap-2 border-t border-slate-200 pt-5">
          <Button type="submit" pending={form.formState.isSubmitting}>
            Save changes
          </Button>
          <Button type="button" variant="secondary" disabled={form.formState.isSubmitting} onClick={() => onDone(false)}>
            Cancel
          </Button>
        </div>
      </form>
    </FormProvider>
  );
}
