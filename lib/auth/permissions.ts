import type { Role } from "./roles";

// The permission table: for each role, what it may do in each domain. Every
// check in the product derives from it: the scopes a role may grant a token
// (lib/tokens/scopes.ts), server actions (instanceAction's `permission`),
// page guards (requireInstancePage), and the console navigation. Nothing else
// compares roles. docs/architecture.md renders this table.

export const PERMISSION_TABLE = {
  viewer: {
    endpoints: ["read"],
    secrets: ["read"],
    tokens: ["mint"],
    members: ["read"],
    audit: [],
    scans: ["read"],
    findings: ["read"],
    reports: ["read"],
    webhooks: [],
    dlp: ["read"],
  },
  member: {
    endpoints: ["read", "write"],
    secrets: ["read", "create"],
    tokens: ["mint"],
    members: ["read"],
    audit: [],
    scans: ["read", "write"],
    findings: ["read", "write"],
    reports: ["read", "generate"],
    webhooks: [],
    dlp: ["read"],
  },
  admin: {
    endpoints: ["read", "write"],
    secrets: ["read", "create", "manage"],
    tokens: ["mint", "manage", "raise_rate_limit"],
    members: ["read", "manage"],
    audit: ["read"],
    scans: ["read", "write"],
    findings: ["read", "write"],
    reports: ["read", "generate"],
    webhooks: ["write"],
    dlp: ["read", "manage"],
  },
  owner: {
    endpoints: ["read", "write"],
    secrets: ["read", "create", "manage"],
    tokens: ["mint", "manage", "raise_rate_limit"],
    members: ["read", "manage", "manage_owners"],
    audit: ["read"],
    scans: ["read", "write"],
    findings: ["read", "write"],
    reports: ["read", "generate"],
    webhooks: ["write"],
    dlp: ["read", "manage"],
  },
} as const satisfies Record<Role, Record<string, readonly string[]>>;

/** What each action means, for docs and the console. */
export const ACTION_MEANING: Record<string, string> = {
  "endpoints:read": "List and read LLM endpoints",
  "endpoints:write": "Create, change, test and delete endpoints",
  "secrets:read": "List secrets (names, hints, users; never values)",
  "secrets:create": "Create a secret",
  "secrets:manage": "Replace, check and delete secrets",
  "tokens:mint": "Mint, rotate and revoke one's own API tokens",
  "tokens:manage": "Rotate and revoke anyone's API tokens",
  "tokens:raise_rate_limit": "Give a token a rate limit above the instance default",
  "members:read": "See who is a member",
  "members:manage": "Invite members, change roles, remove members",
  "members:manage_owners": "Grant, change or remove the owner role",
  "audit:read": "Read the audit log",
  "scans:read": "List and read scans",
  "scans:write": "Trigger and cancel scans",
  "findings:read": "List and read findings",
  "findings:write": "Triage findings",
  "reports:read": "List and download reports",
  "reports:generate": "Create reports",
  "webhooks:write": "Manage webhook targets",
  "dlp:read": "List DLP rules",
  "dlp:manage": "Switch built-in DLP detectors and change custom patterns",
};

type Table = typeof PERMISSION_TABLE;
type Domain = keyof Table["owner"];
type ActionsOf<D extends Domain> = { [R in Role]: Table[R][D][number] }[Role];

/** `domain:action`, e.g. "secrets:manage". */
export type Permission = { [D in Domain]: `${D}:${ActionsOf<D>}` }[Domain];

export const DOMAINS = Object.keys(PERMISSION_TABLE.owner) as Domain[];

const GRANTED: Record<Role, ReadonlySet<string>> = Object.fromEntries(
  Object.entries(PERMISSION_TABLE).map(([role, domains]) => [
    role,
    new Set(Object.entries(domains).flatMap(([domain, actions]) => (actions as readonly string[]).map((a) => `${domain}:${a}`))),
  ]),
) as unknown as Record<Role, ReadonlySet<string>>;

/** Every permission some role holds, in table order. */
export const PERMISSIONS = [...GRANTED.owner] as Permission[];

export function can(role: Role | null | undefined, permission: Permission): boolean {
  return !!role && GRANTED[role].has(permission);
}

/** The lowest role that holds a permission (for messages such as "needs admin"). */
export function lowestRoleWith(permission: Permission): Role | null {
  for (const role of ["viewer", "member", "admin", "owner"] as const) if (can(role, permission)) return role;
  return null;
}
