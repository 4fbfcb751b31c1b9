"use client";

import Link from "next/link";
import { useState } from "react";
import { createTokenSchema, DEFAULT_EXPIRY, EXPIRY_CHOICES } from "@/lib/tokens/schema";
import { SCOPES, SCOPE_DESCRIPTIONS, type Scope } from "@/lib/tokens/scopes";
import { useActionForm } from "@/components/use-action-form";
import { Button } from "@/components/ui/button";
import { Field, FormError, Input, Select } from "@/components/ui/field";
import { Card } from "@/components/ui/layout";
import { TokenReveal } from "@/components/token-reveal";
import { mintTokenAction } from "../actions";

type Props = { instanceId: string; allowedScopes: Scope[]; role: string; rateLimit: { standard: number; max: number } };

export function NewTokenForm({ instanceId, allowedScopes, role, rateLimit }: Props) {
  const [minted, setMinted] = useState<{ token: string; short_id: string; expires_at: string } | null>(null);
  const { form, formError, handle } = useActionForm(createTokenSchema, {
    name: "",
    scopes: [],
    expires_in: DEFAULT_EXPIRY,
    expires_on: "",
    allowed_cidrs: "",
    rate_limit_per_minute: "",
  });
  const { register, formState, watch } = form;
  const errors = formState.errors;
  const custom = watch("expires_in") === "custom";

  if (minted) {
    return (
      <div className="max-w-3xl space-y-4">
        <TokenReveal token={minted.token} shortId={minted.short_id} expiresAt={minted.expires_at} />
        <Link href={`/app/${instanceId}/settings/tokens`} className="inline-block text-sm font-semibold text-indigo-600 hover:text-indigo-500">
          I have stored it: back to all tokens →
        </Link>
      </div>
    );
  }

  const onSubmit = handle((values) => mintTokenAction(instanceId, values), setMinted);
  return (
    <form onSubmit={onSubmit} className="max-w-3xl space-y-6" noValidate>
      <FormError message={formError} />
      <Card>
        <div className="space-y-5">
          <Field label="Name" htmlFor="token-name" error={errors.name?.message} hint="Operator-readable, e.g. the CI job that uses it.">
            <Input id="token-name" autoComplete="off" {...register("name")} />
          </Field>
          <fieldset>
            <legend className="text-sm font-medium text-slate-800">Scopes</legend>
            <p className="text-xs text-slate-500">Your role ({role}) can grant the scopes that are not greyed out.</p>
            <div className="mt-3 grid gap-2 sm:grid-cols-2">
              {SCOPES.map((scope) => {
                const allowed = allowedScopes.includes(scope);
                return (
                  <label key={scope} className={`flex gap-3 rounded-md border border-slate-200 p-3 ${allowed ? "cursor-pointer hover:bg-slate-50" : "opacity-50"}`}>
                    <input type="checkbox" value={scope} disabled={!allowed} className="mt-0.5 h-4 w-4 accent-indigo-600" {...register("scopes")} />
                    <span>
                      <span className="block font-mono text-sm text-slate-900">{scope}</span>
                      <span className="block text-xs text-slate-500">{SCOPE_DESCRIPTIONS[scope]}</span>
                    </span>
                  </label>
                );
              })}
            </div>
            {errors.scopes && <p role="alert" className="mt-2 text-xs font-medium text-red-600">{errors.scopes.message}</p>}
          </fieldset>
        </div>
      </Card>
      <Card>
        <div className="grid gap-5 sm:grid-cols-2">
          <Field label="Expiry" htmlFor="token-expiry" error={errors.expires_in?.message}>
            <Select id="token-expiry" {...register("expires_in")}>
              {EXPIRY_CHOICES.map((c) => (
                <option key={c.value} value={c.value}>
                  {c.label}
                </option>
              ))}
            </Select>
          </Field>
          {custom && (
            <Field label="Expires on" htmlFor="token-expires-on" error={errors.expires_on?.message} hint="End of that day, UTC. At most one year.">
              <Input id="token-expires-on" type="date" {...register("expires_on")} />
            </Field>
          )}
          <Field label="IP allowlist (optional)" htmlFor="token-cidrs" error={errors.allowed_cidrs?.message ?? firstItemError(errors.allowed_cidrs)} hint="CIDR ranges, IPv4 or IPv6, separated by commas or spaces. Empty: any IP.">
            <Input id="token-cidrs" placeholder="203.0.113.0/24, 2001:db8::/32" {...register("allowed_cidrs")} />
          </Field>
          <Field label="Rate limit (optional)" htmlFor="token-rate" error={errors.rate_limit_per_minute?.message} hint={`Requests per minute for this token; empty uses the default of ${rateLimit.standard}. Your role can set up to ${rateLimit.max}.`}>
            <Input id="token-rate" inputMode="numeric" placeholder={String(rateLimit.standard)} {...register("rate_limit_per_minute")} />
          </Field>
        </div>
      </Card>
      <Button type="submit" pending={formState.isSubmitting}>
        Create token
      </Button>
    </form>
  );
}

function firstItemError(e: unknown): string | undefined {
  if (!Array.isArray(e)) return undefined;
  return e.find((x) => x?.message)?.message;
}
