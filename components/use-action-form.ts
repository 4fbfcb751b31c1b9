"use client";

import { useEffect, useMemo, useState } from "react";
import { useForm, type DefaultValues, type FieldValues, type Path, type Resolver } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import type { z } from "zod";
import type { ActionResult } from "@/lib/http/with-action";

type Schema = z.ZodType<FieldValues, FieldValues>;
type FormResolver<S extends Schema> = Resolver<z.input<S>, unknown, z.output<S>>;

/**
 * A form's zod schema, or a loader for it: `() => import("./schemas").then((m) => m.someSchema)`
 * keeps zod out of a page's first-load JavaScript (see useActionForm). Define a loader at
 * module level, so it is the same function on every render.
 */
export type SchemaSource<S extends Schema> = S | (() => Promise<S>);

// @hookform/resolvers/zod does not import zod itself: it calls the schema's own parse methods.
const resolverFor = <S extends Schema>(schema: S) => zodResolver(schema as never) as unknown as FormResolver<S>;

/**
 * The resolver for a schema that is loaded on first use: validation awaits
 * the loader once (a failed load is retried on the next validation), then
 * runs zodResolver as usual. `prefetch` starts the load ahead of time.
 */
function lazyResolver<S extends Schema>(load: () => Promise<S>): { resolver: FormResolver<S>; prefetch: () => void } {
  let loaded: Promise<FormResolver<S>> | null = null;
  const get = () =>
    (loaded ??= load().then(resolverFor, (error: unknown) => {
      loaded = null;
      throw error;
    }));
  return {
    resolver: async (values, context, options) => (await get())(values, context, options),
    prefetch: () => void get().catch(() => {}),
  };
}

/**
 * react-hook-form on the same zod schema the server action parses, plus the
 * mapping of a server answer back onto the form: field pointers become field
 * errors, anything else a form-level message.
 *
 * `schema` may be a loader instead (SchemaSource): the resolver is then async
 * and loads the schema when validation first runs, and the load starts right
 * after mount so it is usually done by the time the user submits.
 */
export function useActionForm<S extends Schema>(schema: SchemaSource<S>, defaultValues: DefaultValues<z.input<S>>) {
  const { resolver, prefetch } = useMemo(() => (typeof schema === "function" ? lazyResolver(schema) : { resolver: resolverFor(schema), prefetch: undefined }), [schema]);
  useEffect(() => prefetch?.(), [prefetch]);
  const form = useForm<z.input<S>, unknown, z.output<S>>({ resolver, defaultValues });
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
