"use client";

import { FormProvider } from "react-hook-form";
import { updateLlmConfigSchema, type LlmConfigView, type UpdateLlmConfigInput } from "@/lib/llm-config/schema";
import type { ActionResult } from "@/lib/http/with-action";
import { useActionForm } from "@/components/use-action-form";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/field";
import { updateLlmConfigAction } from "./actions";
import { ConfigFields } from "./config-fields";

type Props = { scope: string | null; config: LlmConfigView; onDone: (saved: boolean) => void };

/** Only what changed is sent (PATCH semantics); an empty key field keeps the stored key. */
function changed(config: LlmConfigView, v: UpdateLlmConfigInput): UpdateLlmConfigInput {
  const patch: UpdateLlmConfigInput = {};
  if (v.provider !== config.provider) patch.provider = v.provider;
  if (v.model?.trim() !== config.model) patch.model = v.model;
  if ((v.base_url?.trim() || null) !== config.base_url) patch.base_url = v.base_url ?? null;
  if (v.api_key) patch.api_key = v.api_key;
  return patch;
}

export function EditConfigForm({ scope, config, onDone }: Props) {
  const { form, formError, handle } = useActionForm(updateLlmConfigSchema, { provider: config.provider, model: config.model, base_url: config.base_url });
  const onSubmit = handle(
    async (values): Promise<ActionResult<LlmConfigView | null>> => {
      const patch = changed(config, values);
      return Object.keys(patch).length === 0 ? { ok: true, data: null } : updateLlmConfigAction(scope, patch);
    },
    (data) => onDone(data !== null),
  );

  return (
    <FormProvider {...form}>
      <form onSubmit={onSubmit} noValidate aria-label="Edit LLM configuration" className="space-y-5">
        <FormError message={formError} />
        <ConfigFields mode="edit" id="edit" />
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
