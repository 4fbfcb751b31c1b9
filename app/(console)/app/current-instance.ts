import "server-only";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { requireUser } from "@/lib/http/page-context";
import { listInstancesFor, roleIn } from "@/lib/instances/service";
import { CURRENT_INSTANCE_COOKIE } from "@/components/shell/current-instance";

export type Search = Record<string, string | string[] | undefined>;

function queryOf(search: Search): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(search)) for (const one of Array.isArray(v) ? v : v === undefined ? [] : [v]) q.append(k, one);
  const s = q.toString();
  return s ? `?${s}` : "";
}

/**
 * Instance-less console links (the docs' /app/endpoints/new): to the same
 * section of the workspace the user last opened, if they still have access,
 * else of their first workspace. Signed out: sign in first, then back here.
 */
export async function redirectToCurrentInstance(section: string, search: Search): Promise<never> {
  const query = queryOf(search);
  const user = await requireUser(`/app/${section}${query}`);
  const remembered = (await cookies()).get(CURRENT_INSTANCE_COOKIE)?.value;
  const instanceId = remembered && (await roleIn(user, remembered)) ? remembered : (await listInstancesFor(user))[0]?.id;
  redirect(instanceId ? `/app/${instanceId}/${section}${query}` : "/app");
}
