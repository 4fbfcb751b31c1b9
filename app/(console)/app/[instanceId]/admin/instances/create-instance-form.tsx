"use client";

import { useState } from "react";
import { createInstanceSchema } from "@/lib/instances/schema";
import { useActionForm } from "@/components/use-action-form";
import { Button } from "@/components/ui/button";
import { Field, FormError, Input } from "@/components/ui/field";
import { Card } from "@/components/ui/layout";
import { createInstanceAction } from "./actions";

export function CreateInstanceForm() {
  const [created, setCreated] = useState<string | null>(null);
  const { form, formError, handle } = useActionForm(createInstanceSchema, { name: "" });
  const onSubmit = handle(createInstanceAction, (data) => {
    setCreated(data.name);
    form.reset();
  });
  return (
    <Card title="Create an instance">
      <form onSubmit={onSubmit} className="flex flex-wrap items-start gap-3" noValidate>
        <div className="min-w-64 flex-1">
          <Field label="Name" htmlFor="instance-name" error={form.formState.errors.name?.message}>
            <Input id="instance-name" {...form.register("name")} />
          </Field>
        </div>
        <div className="pt-7">
          <Button type="submit" pending={form.formState.isSubmitting}>
            Create instance
          </Button>
        </div>
      </form>
      <div className="mt-3">
        <FormError message={formError} />
        {created && !formError && <p role="status" className="text-sm text-emerald-700">{created} was created.</p>}
      </div>
    </Card>
  );
}
