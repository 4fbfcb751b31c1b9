"use client";

import Link from "next/link";
import { FormProvider } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/layout";
import { BasicsFields } from "../form/basics-fields";
import type { BasicsValues, OwnerOption } from "../form/values";
import { loadBasicsSchema } from "./load-schemas";
import { useStepForm } from "./use-step-form";

type Props = {
  instanceId: string;
  values: BasicsValues;
  owners: OwnerOption[];
  serverErrors?: Record<string, string>;
  onChange: (values: BasicsValues) => void;
  onNext: () => void;
};

export function BasicsStep({ instanceId, values, owners, serverErrors, onChange, onNext }: Props) {
  const form = useStepForm(loadBasicsSchema, values, serverErrors, onChange);
  return (
    <FormProvider {...form}>
      <form onSubmit={form.handleSubmit(onNext)} noValidate className="space-y-6">
        <Card title="Basics">
          <BasicsFields owners={owners} />
        </Card>
        <div className="flex items-center justify-between">
          <Link href={`/app/${instanceId}/endpoints`} className="rounded-md px-3 py-2 text-sm font-medium text-slate-700 hover:bg-slate-100">
            Cancel
          </Link>
          <Button type="submit">Next: connection →</Button>
        </div>
      </form>
    </FormProvider>
  );
}
