import { z } from "zod";
import type { Role } from "@/lib/auth/roles";

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

const READ: Scope[] = ["endpoints:read", "scans:read", "findings:read", "reports:read"];
const WRITE: Scope[] = ["endpoints:write", "scans:write", "findings:write", "reports:generate"];

/** The most a role may grant, and so the most a token it minted may use. */
export const SCOPES_BY_ROLE: Record<Role, readonly Scope[]> = {
  viewer: READ,
  member: [...READ, ...WRITE],
  admin: SCOPES,
  owner: SCOPES,
};

export function scopesAllowed(role: Role | null, isSuperadmin: boolean): readonly Scope[] {
  if (isSuperadmin) return SCOPES;
  return role ? SCOPES_BY_ROLE[role] : [];
}
