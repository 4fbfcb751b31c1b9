"use client";

import Link from "next/link";
import { useFormContext } from "react-hook-form";
import { Field, Input, Textarea } from "@/components/ui/field";
import { SecretPicker } from "./secret-picker";
import { WireFormatCards } from "./wire-format-cards";
import type { ConnectionValues, SecretOption } from "./schemas";

type Props = { instanceId: string; secrets: SecretOption[]; canCreateSecret: boolean; duplicateOf?: string | null };

const TEMPLATE_PLACEHOLDER = '{\n  "input": "{{prompt}}",\n  "model": "{{model}}"\n}';

/** URL, wire format, model and authentication: the wizard's second step and the rest of the edit form. */
export function ConnectionFields({ instanceId, secrets, canCreateSecret, duplicateOf }: Props) {
  const { register, setValue, watch, formState } = useFormContext<ConnectionValues>();
  const errors = formState.errors;
  const wireFormat = watch("wire_format");
  const withAuth = watch("auth_header") !== null && watch("auth_header") !== undefined;
  const described = (id: string, error: unknown) => ({ "aria-invalid": !!error, "aria-describedby": error ? `${id}-error` : undefined });

  const urlError = errors.url && (
    <>
      {errors.url.message}
      {duplicateOf && (
        <>
          {" "}
          <Link href={`/app/${instanceId}/endpoints/${duplicateOf}`} className="underline hover:text-red-800">
            Open the existing endpoint
          </Link>
        </>
      )}
    </>
  );

  const wireField = register("wire_format", {
    onChange: (e: { target: { value: string } }) => {
      const custom = e.target.value === "custom_template";
      setValue("request_template", custom ? "" : null);
      setValue("response_path", custom ? "" : null);
    },
  });

  const setAuth = (on: boolean) => {
    setValue("auth_header", on ? "Authorization" : null, { shouldDirty: true });
    if (!on) setValue("auth_value_secret_ref", null, { shouldDirty: true });
  };

  return (
    <div className="space-y-6">
      <Field label="URL" htmlFor="endpoint-url" error={urlError || undefined} hint="The full URL requests are sent to, e.g. https://api.upstream-llm.example/v1/chat/completions.">
        <Input id="endpoint-url" type="url" inputMode="url" autoComplete="off" spellCheck={false} className="font-mono" {...described("endpoint-url", errors.url)} {...register("url")} />
      </Field>
      <WireFormatCards field={wireField} current={wireFormat} error={errors.wire_format?.message} />
      {wireFormat === "custom_template" && (
        <div className="grid gap-5 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
          <Field label="Request template" htmlFor="endpoint-template" error={errors.request_template?.message} hint="The JSON body to send. {{prompt}} is replaced by the prompt, {{model}} by the model.">
            <Textarea id="endpoint-template" rows={6} spellCheck={false} className="font-mono" placeholder={TEMPLATE_PLACEHOLDER} {...described("endpoint-template", errors.request_template)} {...register("request_template")} />
          </Field>
          <Field label="Response path" htmlFor="endpoint-response-path" error={errors.response_path?.message} hint="Where the answer's text is, e.g. $.output.text or $.results[0].text.">
            <Input id="endpoint-response-path" spellCheck={false} className="font-mono" placeholder="$.output.text" {...described("endpoint-response-path", errors.response_path)} {...register("response_path")} />
          </Field>
        </div>
      )}
      <Field label="Model" htmlFor="endpoint-model" error={errors.model?.message} hint="The model name the provider expects, sent as is.">
        <Input id="endpoint-model" autoComplete="off" spellCheck={false} className="font-mono" {...described("endpoint-model", errors.model)} {...register("model")} />
      </Field>
      <fieldset className="space-y-3">
        <legend className="text-sm font-medium text-slate-800">Authentication</legend>
        <div className="flex flex-wrap gap-x-6 gap-y-2">
          <label className="flex items-center gap-2 text-sm text-slate-800">
            <input type="radio" name="endpoint-auth" checked={!withAuth} onChange={() => setAuth(false)} className="h-4 w-4 accent-indigo-600" />
            No authentication
          </label>
          <label className="flex items-center gap-2 text-sm text-slate-800">
            <input type="radio" name="endpoint-auth" checked={withAuth} onChange={() => setAuth(true)} className="h-4 w-4 accent-indigo-600" />
            Send a credential in a header
          </label>
        </div>
        {withAuth && (
          <div className="space-y-4 border-l-2 border-slate-200 pl-4">
            <div className="max-w-sm">
              <Field label="Header name" htmlFor="endpoint-auth-header" error={errors.auth_header?.message} hint="With Authorization, a value without a scheme is sent as Bearer <value>.">
                <Input id="endpoint-auth-header" autoComplete="off" spellCheck={false} className="font-mono" {...described("endpoint-auth-header", errors.auth_header)} {...register("auth_header")} />
              </Field>
            </div>
            <SecretPicker instanceId={instanceId} secrets={secrets} canCreate={canCreateSecret} />
          </div>
        )}
      </fieldset>
    </div>
  );
}
