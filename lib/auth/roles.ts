import { Role as RoleEnum } from "@/lib/db/generated/enums";
import type { Role } from "@/lib/db/generated/enums";

export type { Role };

/** The roles, highest first, straight from the database enum. */
export const ROLES = Object.values(RoleEnum) as readonly Role[];

export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  owner: "Everything, including managing owners",
  admin: "Manage members, tokens, secrets and settings",
  member: "Create and change endpoints and secrets",
  viewer: "Read-only access",
};
