import { z } from "zod";
import type { Role } from "@/lib/auth/roles";
import { can } from "@/lib/auth/permissions";

/** The ten scopes of seed 003, exactly, with the seed's descriptions. */
export const SCOPE_DESCRIPTIONS = {
  "endpoints:read": "List + read LLM endpoints",
  "endpoints:write": "Create, update, delete endpoints",
  "scans:read": "List + read scans, findings",
  "scans:write": "Trigger scans, cancel scans",
  "findings:read": "List + read findings",
  "findings:write": "Update finding status (triage, resolve, accept, mark false positive)",
  "reports:generate": "Create reports",
  "reports:read": "List + download reports",
  "audit:read": "Read the tenant audit log",
  "webhooks:write": "Manage webhook targets",
} as const;

export type Scope = keyof typeof SCOPE_DESCRIPTIONS;

export const SCOPES = Object.keys(SCOPE_DESCRIPTIONS) as Scope[];

export const scopeSchema = z.enum(SCOPES as [Scope, ...Scope[]]);

/**
 * The most a role may grant, and so the most a token it minted may use: the
 * scopes whose permission the role holds in the permission table (each scope
 * is named after the permission it exercises). Superadmins act as owners.
 */
export function scopesAllowed(role: Role | null, isSuperadmin: boolean): readonly Scope[] {
  const effective: Role | null = isSuperadmin ? "owner" : role;
  return SCOPES.filter((scope) => can(effective, scope));
}
