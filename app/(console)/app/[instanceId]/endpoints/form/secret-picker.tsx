"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { Controller, useFormContext } from "react-hook-form";
import { Button } from "@/components/ui/button";
import { Field, Select } from "@/components/ui/field";
import { InlineSecretForm } from "./inline-secret-form";
import type { ConnectionValues, SecretOption } from "./schemas";

type Props = { instanceId: string; secrets: SecretOption[]; canCreate: boolean };

/**
 * The workspace's secrets by name, and a way to create one on the spot; the
 * new one is selected, and the page's list refreshed for later visits.
 */
export function SecretPicker({ instanceId, secrets: listed, canCreate }: Props) {
  const router = useRouter();
  const { control, setValue, setFocus, formState } = useFormContext<ConnectionValues>();
  const [added, setAdded] = useState<SecretOption[]>([]);
  const secrets = [...listed.filter((s) => !added.some((a) => a.name === s.name)), ...added].sort((a, b) => a.name.localeCompare(b.name));
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<string | null>(null);
  const error = formState.errors.auth_value_secret_ref?.message;

  return (
    <div className="space-y-3">
      <Controller
        name="auth_value_secret_ref"
        control={control}
        render={({ field }) => (
          <Field
            label="Secret"
            htmlFor="endpoint-secret"
            error={error && (field.value ? error : "Choose the secret that holds the credential, or pick No authentication.")}
            hint="The credential is sent as this secret's value; the endpoint stores only the reference secret:<name>."
          >
            <div className="flex flex-wrap items-center gap-2">
              <Select
                id="endpoint-secret"
                className="w-auto! min-w-64 flex-1 font-mono"
                value={field.value ?? ""}
                onChange={(e) => field.onChange(e.target.value || null)}
                onBlur={field.onBlur}
                ref={field.ref}
                aria-invalid={!!error}
                aria-describedby={error ? "endpoint-secret-error" : undefined}
              >
                <option value="">{secrets.length ? "Choose a secret…" : "No secrets yet"}</option>
                {secrets.map((s) => (
                  <option key={s.name} value={`secret:${s.name}`}>
                    secret:{s.name} ({s.hint})
                  </option>
                ))}
              </Select>
              {canCreate && !creating && (
                <Button type="button" variant="secondary" onClick={() => (setCreating(true), setCreated(null))}>
                  Create a secret
                </Button>
              )}
            </div>
          </Field>
        )}
      />
      {created && (
        <p role="status" className="text-xs text-emerald-700">
          <span className="font-mono">secret:{created}</span> was created and selected.
        </p>
      )}
      {creating && (
        <InlineSecretForm
          instanceId={instanceId}
          onCancel={() => setCreating(false)}
          onCreated={(s) => {
            setAdded((list) => [...list, s]);
            setValue("auth_value_secret_ref", `secret:${s.name}`, { shouldDirty: true, shouldValidate: formState.isSubmitted });
            setCreated(s.name);
            setCreating(false);
            setFocus("auth_value_secret_ref");
            router.refresh();
          }}
        />
      )}
    </div>
  );
}
