import { can, type Permission } from "@/lib/auth/permissions";
import type { Role } from "@/lib/auth/roles";

export type NavItem = { label: string; href: string; section: "Workspace" | "Settings" | "Admin" };

type Entry = NavItem & { permission?: Permission; superadmin?: true };

/** Every console page in the sidebar, with the permission (or the superadmin flag) it needs. */
const ENTRIES = (base: string): Entry[] => [
  { label: "Endpoints", href: `${base}/endpoints`, section: "Workspace", permission: "endpoints:read" },
  { label: "API reference", href: `${base}/api-reference`, section: "Workspace" },
  { label: "API standards", href: `${base}/api-standards`, section: "Workspace" },
  { label: "API tokens", href: `${base}/settings/tokens`, section: "Settings", permission: "tokens:mint" },
  { label: "Secrets", href: `${base}/settings/secrets`, section: "Settings", permission: "secrets:read" },
  { label: "DLP rules", href: `${base}/settings/dlp`, section: "Settings", permission: "dlp:read" },
  { label: "Audit log", href: `${base}/settings/audit`, section: "Settings", permission: "audit:read" },
  { label: "Members", href: `${base}/settings/members`, section: "Settings", permission: "members:read" },
  { label: "Instances", href: `${base}/admin/instances`, section: "Admin", superadmin: true },
  { label: "Control-plane audit", href: `${base}/admin/audit`, section: "Admin", superadmin: true },
  { label: "LLM configuration", href: `${base}/admin/llm-config`, section: "Admin", superadmin: true },
  { label: "Platform tokens", href: `${base}/admin/platform-tokens`, section: "Admin", superadmin: true },
];

/** The console navigation for a role, derived from the permission table. */
export function navFor(instanceId: string, isSuperadmin: boolean, role: Role): NavItem[] {
  return ENTRIES(`/app/${instanceId}`)
    .filter((e) => (e.superadmin ? isSuperadmin : !e.permission || can(role, e.permission)))
    .map(({ label, href, section }) => ({ label, href, section }));
}
