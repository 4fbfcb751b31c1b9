"use client";

import { createDlpRuleSchema } from "@/lib/dlp/schema";
import { useActionForm } from "@/components/use-action-form";
import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/field";
import { Card } from "@/components/ui/layout";
import { RuleFields } from "./rule-fields";
import { createDlpRuleAction } from "./actions";

export function CreateRuleForm({ instanceId }: { instanceId: string }) {
  const { form, formError, handle } = useActionForm(createDlpRuleSchema, { name: "", pattern: "", action: "block" });
  const { register, formState, reset } = form;
  const onSubmit = handle((values) => createDlpRuleAction(instanceId, values), () => reset());

  return (
    <Card title="Add a custom pattern">
      <form onSubmit={onSubmit} className="grid gap-4 md:grid-cols-[minmax(0,2fr)_minmax(0,3fr)_minmax(0,1fr)_auto] md:items-start" noValidate>
        <RuleFields prefix="new-rule" register={(f) => register(f)} errors={formState.errors} />
        <div className="md:pt-7">
          <Button type="submit" pending={formState.isSubmitting}>
            Add pattern
          </Button>
        </div>
      </form>
      <div className="mt-3">
        <FormError message={formError} />
      </div>
    </Card>
  );
}
