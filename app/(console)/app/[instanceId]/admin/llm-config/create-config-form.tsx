"use client";

import { FormProvider } from "react-hook-form";
import { createLlmConfigSchema } from "@/lib/llm-config/schema";
import { useActionForm } from "@/components/use-action-form";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/field";
import { Card } from "@/components/ui/layout";
import { createLlmConfigAction } from "./actions";
import { ConfigFields } from "./config-fields";

type Props = { scope: string | null; scopeLabel: string };

/** The scope has no configuration yet: provider, model, key (sealed) and base URL. */
export function CreateConfigForm({ scope, scopeLabel }: Props) {
  const { form, formError, handle } = useActionForm(createLlmConfigSchema, { provider: "anthropic", model: "" });
  const onSubmit = handle((values) => createLlmConfigAction(scope, values), () => form.reset({ provider: "anthropic", model: "" }));

  return (
    <Card title={`Create the ${scopeLabel} configuration`}>
      <FormProvider {...form}>
        <form onSubmit={onSubmit} noValidate aria-label="Create LLM configuration" className="space-y-5">
          <FormError message={formError} />
          <ConfigFields mode="create" id="create" />
          <div className="border-t border-slate-200 pt-5">
            <Button type="submit" pending={form.formState.isSubmitting}>
              Create configuration
            </Button>
          </div>
        </form>
      </FormProvider>
    </Card>
  );
}
