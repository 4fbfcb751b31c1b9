"use client";

import Link from "next/link";
import { useFormContext } from "react-hook-form";
import { Field, Input, Select } from "@/components/ui/field";
import { KEY_METHOD_LABELS } from "@/lib/api-standards/key-methods";
import { SecretPicker } from "./secret-picker";
import type { ConnectionValues, SecretOption, StandardOption } from "./schemas";

type Props = { instanceId: string; secrets: SecretOption[]; canCreateSecret: boolean; standards: StandardOption[] };

type Mode = "none" | "header" | "standard";

/** Where a standard puts the key, in the words of the request it makes. */
export function placementText(s: StandardOption): string {
  switch (s.key_method) {
    case "auth_bearer":
      return `${s.key_field || "Authorization"}: Bearer <secret value>`;
    case "auth_apikey":
      return `${s.key_field}: <secret value>`;
    case "query_param":
      return `?${s.key_field}=<secret value> on the URL (never stored or shown)`;
    case "none":
      return "no credential";
  }
}

const optionLabel = (s: StandardOption) => `${s.api_standard_handle} · ${KEY_METHOD_LABELS[s.key_method]}${s.key_field ? ` (${s.key_field})` : ""}`;

/**
 * How the endpoint authenticates: nothing, a credential in a header of one's
 * choice, or a seed-002 API standard that decides where the key goes.
 */
export function AuthFields({ instanceId, secrets, canCreateSecret, standards }: Props) {
  const { register, setValue, watch, formState } = useFormContext<ConnectionValues>();
  const errors = formState.errors;
  const header = watch("auth_header");
  const standardHandle = watch("api_standard");
  const mode: Mode = standardHandle !== null && standardHandle !== undefined ? "standard" : header !== null && header !== undefined ? "header" : "none";
  const standard = standards.find((s) => s.api_standard_handle === standardHandle);
  const described = (id: string, error: unknown) => ({ "aria-invalid": !!error, "aria-describedby": error ? `${id}-error` : undefined });
  const set = (field: "auth_header" | "api_standard" | "auth_value_secret_ref", value: string | null) => setValue(field, value, { shouldDirty: true });

  const choose = (next: Mode) => {
    set("auth_header", next === "header" ? "Authorization" : null);
    set("api_standard", next === "standard" ? (standards[0]?.api_standard_handle ?? "") : null);
    if (next === "none" || (next === "standard" && standards[0]?.key_method === "none")) set("auth_value_secret_ref", null);
  };

  const standardField = register("api_standard", {
    onChange: (e: { target: { value: string } }) => {
      if (standards.find((s) => s.api_standard_handle === e.target.value)?.key_method === "none") set("auth_value_secret_ref", null);
    },
  });

  const radio = (value: Mode, label: string) => (
    <label className="flex items-center gap-2 text-sm text-slate-800">
      <input type="radio" name="endpoint-auth" checked={mode === value} onChange={() => choose(value)} className="h-4 w-4 accent-indigo-600" />
      {label}
    </label>
  );

  return (
    <fieldset className="space-y-3">
      <legend className="text-sm font-medium text-slate-800">Authentication</legend>
      <div className="flex flex-wrap gap-x-6 gap-y-2">
        {radio("none", "No authentication")}
        {radio("header", "Send a credential in a header")}
        {radio("standard", "Use an API standard")}
      </div>
      {mode === "header" && (
        <div className="space-y-4 border-l-2 border-slate-200 pl-4">
          <div className="max-w-sm">
            <Field label="Header name" htmlFor="endpoint-auth-header" error={errors.auth_header?.message} hint="With Authorization, a value without a scheme is sent as Bearer <value>.">
              <Input id="endpoint-auth-header" autoComplete="off" spellCheck={false} className="font-mono" {...described("endpoint-auth-header", errors.auth_header)} {...register("auth_header")} />
            </Field>
          </div>
          <SecretPicker instanceId={instanceId} secrets={secrets} canCreate={canCreateSecret} />
        </div>
      )}
      {mode === "standard" && (
        <div className="space-y-4 border-l-2 border-slate-200 pl-4">
          <div className="max-w-xl">
            <Field
              label="API standard"
              htmlFor="endpoint-api-standard"
              error={errors.api_standard?.message}
              hint={
                <>
                  {standard ? <>Sends <span className="font-mono">{placementText(standard)}</span>. </> : null}
                  <Link href={`/app/${instanceId}/api-standards`} className="underline hover:text-slate-700">
                    All API standards
                  </Link>
                </>
              }
            >
              <Select id="endpoint-api-standard" className="font-mono" {...described("endpoint-api-standard", errors.api_standard)} {...standardField}>
                {standards.length === 0 && <option value="">No API standards defined</option>}
                {standardHandle && !standard && <option value={standardHandle}>{standardHandle}</option>}
                {standards.map((s) => (
                  <option key={s.api_standard_handle} value={s.api_standard_handle}>
                    {optionLabel(s)}
                  </option>
                ))}
              </Select>
            </Field>
          </div>
          {standard?.key_method !== "none" && <SecretPicker instanceId={instanceId} secrets={secrets} canCreate={canCreateSecret} />}
        </div>
      )}
    </fieldset>
  );
}
