"use client";

import { useState } from "react";
import { renameInstanceSchema } from "@/lib/instances/schema";
import { useActionForm } from "@/components/use-action-form";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/field";
import { renameInstanceAction } from "./actions";

export function RenameInstance({ instanceId, name }: { instanceId: string; name: string }) {
  const [editing, setEditing] = useState(false);
  const { form, formError, setFormError, handle } = useActionForm(renameInstanceSchema, { instance_id: instanceId, name });
  const { register, formState, reset } = form;
  const error = formState.errors.name?.message ?? formState.errors.instance_id?.message ?? formError;

  const edit = (on: boolean) => {
    reset({ instance_id: instanceId, name });
    setFormError(null);
    setEditing(on);
  };
  const onSubmit = handle(renameInstanceAction, () => setEditing(false));

  if (!editing) {
    return (
      <span className="inline-flex items-center gap-2">
        {name}
        <button type="button" className="text-xs font-medium text-indigo-600 hover:text-indigo-500" onClick={() => edit(true)}>
          Rename
        </button>
      </span>
    );
  }
  return (
    <form className="flex items-center gap-2" onSubmit={onSubmit} noValidate>
      <input type="hidden" {...register("instance_id")} />
      <Input
        aria-label={`New name for ${name}`}
        aria-invalid={!!formState.errors.name}
        className="w-56"
        autoFocus
        {...register("name")}
      />
      <Button type="submit" pending={formState.isSubmitting}>
        Save
      </Button>
      <Button type="button" variant="ghost" onClick={() => edit(false)}>
        Cancel
      </Button>
      {error && (
        <span role="alert" className="text-xs text-red-600">
          {error}
        </span>
      )}
    </form>
  );
}
