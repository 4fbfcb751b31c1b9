"use client";

import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/field";
import { renameInstanceAction } from "./actions";

export function RenameInstance({ instanceId, name }: { instanceId: string; name: string }) {
  const [editing, setEditing] = useState(false);
  const [value, setValue] = useState(name);
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();

  if (!editing) {
    return (
      <span className="inline-flex items-center gap-2">
        {name}
        <button type="button" className="text-xs font-medium text-indigo-600 hover:text-indigo-500" onClick={() => setEditing(true)}>
          Rename
        </button>
      </span>
    );
  }
  return (
    <form
      className="flex items-center gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        start(async () => {
          const res = await renameInstanceAction({ instance_id: instanceId, name: value });
          if (res.ok) setEditing(false);
          else setError(res.error.fields?.[0]?.message ?? res.error.message);
        });
      }}
    >
      <Input aria-label={`New name for ${name}`} value={value} onChange={(e) => setValue(e.target.value)} className="w-56" autoFocus />
      <Button type="submit" pending={pending}>Save</Button>
      <Button variant="ghost" onClick={() => setEditing(false)}>Cancel</Button>
      {error && <span role="alert" className="text-xs text-red-600">{error}</span>}
    </form>
  );
}
