"use client";

import type { UseFormRegisterReturn } from "react-hook-form";
import { DLP_ACTION_HELP, DLP_ACTIONS } from "@/lib/dlp/schema";
import { MAX_PATTERN_LENGTH } from "@/lib/dlp/engine";
import { Field, Input, Select } from "@/components/ui/field";

type Name = "name" | "pattern" | "action";
type Props = { prefix: string; register: (field: Name) => UseFormRegisterReturn; errors: Partial<Record<Name, { message?: string }>> };

/** Name, pattern and action of a custom pattern: the create form and the edit dialog. */
export function RuleFields({ prefix, register, errors }: Props) {
  const id = (f: Name) => `${prefix}-${f}`;
  const described = (f: Name) => (errors[f] ? `${id(f)}-error` : undefined);
  return (
    <>
      <Field label="Name" htmlFor={id("name")} error={errors.name?.message}>
        <Input id={id("name")} autoComplete="off" placeholder="Project codenames" aria-invalid={!!errors.name} aria-describedby={described("name")} {...register("name")} />
      </Field>
      <Field
        label="Pattern"
        htmlFor={id("pattern")}
        error={errors.pattern?.message}
        hint={`RE2 syntax, up to ${MAX_PATTERN_LENGTH} characters, matched anywhere in the text; start with (?i) to ignore case.`}
      >
        <Input
          id={id("pattern")}
          autoComplete="off"
          spellCheck={false}
          placeholder="(?i)\bproject[- ]?(falcon|osprey)\b"
          className="font-mono"
          aria-invalid={!!errors.pattern}
          aria-describedby={described("pattern")}
          {...register("pattern")}
        />
      </Field>
      <Field label="Action" htmlFor={id("action")} error={errors.action?.message}>
        <Select id={id("action")} {...register("action")}>
          {DLP_ACTIONS.map((a) => (
            <option key={a} value={a} title={DLP_ACTION_HELP[a]}>
              {a === "block" ? "Block" : "Report only"}
            </option>
          ))}
        </Select>
      </Field>
    </>
  );
}
