"use client";

import Link from "next/link";
import { useState } from "react";
import { createPlatformTokenSchema, DEFAULT_EXPIRY, EXPIRY_CHOICES } from "@/lib/tokens/schema";
import { useActionForm } from "@/components/use-action-form";
import { Button } from "@/components/ui/button";
import { Field, FormError, Input, Select } from "@/components/ui/field";
import { Card } from "@/components/ui/layout";
import { TokenReveal } from "@/components/token-reveal";
import { mintPlatformTokenAction } from "../actions";

type Props = { backHref: string; rateLimit: { standard: number; max: number } };

export function NewPlatformTokenForm({ backHref, rateLimit }: Props) {
  const [minted, setMinted] = useState<{ token: string; short_id: string; expires_at: string } | null>(null);
  const { form, formError, handle } = useActionForm(createPlatformTokenSchema, {
    name: "",
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
        <Link href={backHref} className="inline-block text-sm font-semibold text-indigo-600 hover:text-indigo-500">
          I have stored it: back to all platform tokens →
        </Link>
      </div>
    );
  }

  const onSubmit = handle(mintPlatformTokenAction, setMinted);
  return (
    <form onSubmit={onSubmit} className="max-w-3xl space-y-6" noValidate>
      <FormError message={formError} />
      <Card>
        <div className="grid gap-5 sm:grid-cols-2">
          <div className="sm:col-span-2">
            <Field label="Name" htmlFor="platform-token-name" error={errors.name?.message} hint="Operator-readable, e.g. the pipeline that manages LLM configuration.">
              <Input id="platform-token-name" autoComplete="off" {...register("name")} />
            </Field>
          </div>
          <Field label="Expiry" htmlFor="platform-token-expiry" error={errors.expires_in?.message}>
            <Select id="platform-token-expiry" {...register("expires_in")}>
              {EXPIRY_CHOICES.map((c) => (
                <option key={c.value} value={c.value}>
                  {c.label}
                </option>
              ))}
            </Select>
          </Field>
          {custom && (
            <Field label="Expires on" htmlFor="platform-token-expires-on" error={errors.expires_on?.message} hint="End of that day, UTC. At most one year.">
              <Input id="platform-token-expires-on" type="date" {...register("expires_on")} />
            </Field>
          )}
          <Field label="IP allowlist (optional)" htmlFor="platform-token-cidrs" error={errors.allowed_cidrs?.message ?? firstItemError(errors.allowed_cidrs)} hint="CIDR ranges, IPv4 or IPv6, separated by commas or spaces. Empty: any IP.">
            <Input id="platform-token-cidrs" placeholder="203.0.113.0/24, 2001:db8::/32" {...register("allowed_cidrs")} />
          </Field>
          <Field label="Rate limit (optional)" htmlFor="platform-token-rate" error={errors.rate_limit_per_minute?.message} hint={`Requests per minute for this token; empty uses the default of ${rateLimit.standard}, at most ${rateLimit.max}.`}>
            <Input id="platform-token-rate" inputMode="numeric" placeholder={String(rateLimit.standard)} {...register("rate_limit_per_minute")} />
          </Field>
        </div>
      </Card>
      <Button type="submit" pending={formState.isSubmitting}>
        Create platform token
      </Button>
    </form>
  );
}

function firstItemError(e: unknown): string | undefined {
  if (!Array.isArray(e)) return undefined;
  return e.find((x) => x?.message)?.message;
}
