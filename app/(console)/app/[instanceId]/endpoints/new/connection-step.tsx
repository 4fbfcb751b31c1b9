"use client";

import { FormProvider } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/layout";
import { ConnectionFields } from "../form/connection-fields";
import type { ConnectionValues, SecretOption, StandardOption } from "../form/values";
import { loadConnectionSchema } from "./load-schemas";
import { useStepForm } from "./use-step-form";

type Props = {
  instanceId: string;
  values: ConnectionValues;
  secrets: SecretOption[];
  canCreateSecret: boolean;
  standards: StandardOption[];
  serverErrors?: Record<string, string>;
  duplicateOf?: string | null;
  onChange: (values: ConnectionValues) => void;
  onBack: () => void;
  onNext: () => void;
};

export function ConnectionStep({ instanceId, values, secrets, canCreateSecret, standards, serverErrors, duplicateOf, onChange, onBack, onNext }: Props) {
  const form = useStepForm(loadConnectionSchema, values, serverErrors, onChange);
  return (
    <FormProvider {...form}>
      <form onSubmit={form.handleSubmit(onNext)} noValidate className="space-y-6">
        <Card title="Connection">
          <ConnectionFields instanceId={instanceId} secrets={secrets} canCreateSecret={canCreateSecret} standards={standards} duplicateOf={duplicateOf} />
        </Card>
        <div className="flex items-center justify-between">
          <Button type="button" variant="secondary" onClick={onBack}>
            ← Back
          </Button>
          <Button type="submit">Next: review →</Button>
        </div>
      </form>
    </FormProvider>
  );
}
