import type { Role } from "@/lib/db/generated/enums";

export type { Role };

export const ROLES: readonly Role[] = ["owner", "admin", "member", "viewer"];

const RANK: Record<Role, number> = { viewer: 0, member: 1, admin: 2, owner: 3 };

export function roleAtLeast(role: Role, minimum: Role): boolean {
  return RANK[role] >= RANK[minimum];
}

export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  owner: "Everything, including managing owners",
  admin: "Manage members, tokens, secrets and settings",
  member: "Create and change endpoints and secrets",
  viewer: "Read-only access",
};
