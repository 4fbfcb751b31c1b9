"use client";

import { useEffect } from "react";
import type { DefaultValues, FieldValues, Path } from "react-hook-form";
import type { z } from "zod";
import { useActionForm, type SchemaSource } from "@/components/use-action-form";

/**
 * One wizard step's form on its schema: every change is reported (the
 * wizard stores it), and errors the server gave for this step's fields are
 * shown at those fields when the step opens, the first one focused. The
 * wizard passes a loader (./load-schemas), so zod loads after the page.
 */
export function useStepForm<S extends z.ZodType<FieldValues, FieldValues>>(
  schema: SchemaSource<S>,
  values: DefaultValues<z.input<S>>,
  serverErrors: Record<string, string> | undefined,
  onChange: (values: z.input<S>) => void,
) {
  const { form } = useActionForm(schema, values);

  useEffect(() => {
    const sub = form.watch(() => onChange(form.getValues()));
    return () => sub.unsubscribe();
  }, [form, onChange]);

  useEffect(() => {
    Object.entries(serverErrors ?? {}).forEach(([field, message], i) => form.setError(field as Path<z.input<S>>, { message }, { shouldFocus: i === 0 }));
  }, [form, serverErrors]);

  return form;
}
