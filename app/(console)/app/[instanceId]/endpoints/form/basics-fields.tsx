"use client";

import type { ReactNode } from "react";
import { Controller, useFormContext } from "react-hook-form";
import { Field, Input, Select, Textarea } from "@/components/ui/field";
import { firstError } from "./field-error";
import { TagInput } from "./tag-input";
import type { BasicsValues, OwnerOption } from "./schemas";

/**
 * Name, owner, tags and description: the wizard's first step and the top of the edit form.
 * `descriptionExtra` renders under the description (the edit form's "Suggest description").
 */
export function BasicsFields({ owners, descriptionExtra }: { owners: OwnerOption[]; descriptionExtra?: ReactNode }) {
  const { register, control, formState } = useFormContext<BasicsValues>();
  const errors = formState.errors;
  const tagsError = firstError(errors.tags);
  const described = (name: string, error: unknown) => ({ "aria-invalid": !!error, "aria-describedby": error ? `endpoint-${name}-error` : undefined });

  return (
    <div className="grid gap-5 lg:grid-cols-2">
      <Field label="Name" htmlFor="endpoint-name" error={errors.name?.message} hint="Operator-readable, e.g. Production customer chatbot.">
        <Input id="endpoint-name" autoComplete="off" {...described("name", errors.name)} {...register("name")} />
      </Field>
      <Field label="Owner" htmlFor="endpoint-owner" error={errors.owner_user_id?.message} hint="The member accountable for this endpoint and its findings.">
        <Select id="endpoint-owner" {...described("owner", errors.owner_user_id)} {...register("owner_user_id")}>
          {owners.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </Select>
      </Field>
      <div className="lg:col-span-2">
        <Field label="Tags (optional)" htmlFor="endpoint-tags" error={tagsError} hint="Lowercase letters, digits and - _ : . — press Enter or a comma after each tag.">
          <Controller
            name="tags"
            control={control}
            render={({ field }) => (
              <TagInput
                id="endpoint-tags"
                value={field.value ?? []}
                onChange={field.onChange}
                onBlur={field.onBlur}
                invalid={!!tagsError}
                describedBy={tagsError ? "endpoint-tags-error" : undefined}
              />
            )}
          />
        </Field>
      </div>
      <div className="lg:col-span-2">
        <Field label="Description (optional)" htmlFor="endpoint-description" error={errors.description?.message}>
          <Textarea id="endpoint-description" rows={2} {...described("description", errors.description)} {...register("description")} />
        </Field>
        {descriptionExtra}
      </div>
    </div>
  );
}
