import { roleAtLeast, type Role } from "@/lib/auth/roles";

export type NavItem = { label: string; href: string; section: "Workspace" | "Settings" | "Admin" };

/** The console navigation; Admin items exist only for superadmins. */
export function navFor(instanceId: string, isSuperadmin: boolean, role: Role): NavItem[] {
  const base = `/app/${instanceId}`;
  const items: NavItem[] = [
    { label: "Endpoints", href: `${base}/endpoints`, section: "Workspace" },
    { label: "API tokens", href: `${base}/settings/tokens`, section: "Settings" },
    { label: "Secrets", href: `${base}/settings/secrets`, section: "Settings" },
    { label: "Audit log", href: `${base}/settings/audit`, section: "Settings" },
    { label: "Members", href: `${base}/settings/members`, section: "Settings" },
  ];
  const visible = roleAtLeast(role, "admin") ? items : items.filter((i) => i.label !== "Audit log");
  if (isSuperadmin) {
    visible.push(
      { label: "Instances", href: `${base}/admin/instances`, section: "Admin" },
      { label: "LLM configuration", href: `${base}/admin/llm-config`, section: "Admin" },
      { label: "API standards", href: `${base}/admin/api-standards`, section: "Admin" },
    );
  }
  return visible;
}
