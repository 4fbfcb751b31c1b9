"use client";

import Link from "next/link";
import { useFormContext } from "react-hook-form";
import { Field, Input, Textarea } from "@/components/ui/field";
import { AuthFields } from "./auth-fields";
import { WireFormatCards } from "./wire-format-cards";
import type { ConnectionValues, SecretOption, StandardOption } from "./schemas";

type Props = { instanceId: string; secrets: SecretOption[]; canCreateSecret: boolean; standards?: StandardOption[]; duplicateOf?: string | null };

const TEMPLATE_PLACEHOLDER = '{\n  "input": "{{prompt}}",\n  "model": "{{model}}"\n}';

/** URL, wire format, model and authentication: the wizard's second step and the rest of the edit form. */
export function ConnectionFields({ instanceId, secrets, canCreateSecret, standards = [], duplicateOf }: Props) {
  const { register, setValue, watch, formState } = useFormContext<ConnectionValues>();
  const errors = formState.errors;
  const wireFormat = watch("wire_format");
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
      if (e.target.value !== "embeddings_v1") setValue("dimensions", null);
    },
  });

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
      {wireFormat === "embeddings_v1" && (
        <div className="max-w-xs">
          <Field label="Dimensions (optional)" htmlFor="endpoint-dimensions" error={errors.dimensions?.message} hint="The vector length the model answers; sent as dimensions, and the test checks it.">
            <Input
              id="endpoint-dimensions"
              type="number"
              inputMode="numeric"
              min={1}
              className="font-mono"
              {...described("endpoint-dimensions", errors.dimensions)}
              {...register("dimensions", { setValueAs: (v: unknown) => (v === "" || v === null || v === undefined ? null : Number(v)) })}
            />
          </Field>
        </div>
      )}
      <AuthFields instanceId={instanceId} secrets={secrets} canCreateSecret={canCreateSecret} standards={standards} />
    </div>
  );
}
