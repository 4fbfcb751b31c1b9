"use client";

import { useState } from "react";
import { useForm, type DefaultValues, type FieldValues, type Path, type Resolver } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import type { z } from "zod";
import type { ActionResult } from "@/lib/http/with-action";

/**
 * react-hook-form on the same zod schema the server action parses, plus the
 * mapping of a server answer back onto the form: field pointers become field
 * errors, anything else a form-level message.
 */
export function useActionForm<S extends z.ZodType<FieldValues, FieldValues>>(schema: S, defaultValues: DefaultValues<z.input<S>>) {
  const form = useForm<z.input<S>, unknown, z.output<S>>({
    resolver: zodResolver(schema as never) as unknown as Resolver<z.input<S>, unknown, z.output<S>>,
    defaultValues,
  });
  const [formError, setFormError] = useState<string | null>(null);

  // The client validates with the schema; the runner receives the raw form
  // values and the server parses them with the same schema (transforms run
  // there). The runner is a server action, or any call answering the same
  // ActionResult shape (sign-in maps next-auth's answer onto it).
  function handle<R>(run: (values: z.input<S>) => Promise<ActionResult<R>>, onSuccess?: (data: R) => void | Promise<void>) {
    return form.handleSubmit(async () => {
      setFormError(null);
      let result: ActionResult<R>;
      try {
        result = await run(form.getValues());
      } catch {
        setFormError("The server could not be reached. Check your connection and try again.");
        return;
      }
      if (result.ok) {
        await onSuccess?.(result.data);
        return;
      }
      let placed = false;
      for (const f of result.error.fields ?? []) {
        const name = f.pointer.replace(/^\//, "").split("/")[0];
        if (name) {
          form.setError(name as Path<z.input<S>>, { message: f.message });
          placed = true;
        }
      }
      if (!placed || result.error.code !== "validation_failed") setFormError(result.error.message);
    });
  }

  return { form, formError, setFormError, handle };
}
