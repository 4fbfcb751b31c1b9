import "server-only";
import { cache } from "react";
import { notFound, redirect } from "next/navigation";
import { currentUser } from "@/lib/auth/session";
import type { UserActor } from "@/lib/auth/actor";
import { can, type Permission } from "@/lib/auth/permissions";
import { getInstance, roleIn } from "@/lib/instances/service";

// The console layout and its page both ask who is signed in and what they may
// see; React's per-request cache answers the second ask without new queries.

const signedInUser = cache(currentUser);

const instanceAccess = cache(async (instanceId: string) => {
  const user = await requireUser();
  const role = await roleIn(user, instanceId);
  return { user, role, instance: role ? await getInstance(instanceId) : null };
});

/** The signed-in user for a console page; anyone else goes to sign-in (and comes back after). */
export async function requireUser(returnTo?: string): Promise<UserActor> {
  const user = await signedInUser();
  if (!user) redirect(returnTo ? `/signin?callbackUrl=${encodeURIComponent(returnTo)}` : "/signin");
  return user;
}

/**
 * The user and their role for a page of one instance. Without access the
 * instance does not exist for them (404), as does a page whose permission
 * (lib/auth/permissions.ts) their role lacks.
 */
export async function requireInstancePage(instanceId: string, permission?: Permission) {
  const { user, role, instance } = await instanceAccess(instanceId);
  if (!role || !instance || (permission && !can(role, permission))) notFound();
  return { user, role, instance };
}

/** Superadmin-only pages answer 404 to everyone else. */
export async function requireSuperadminPage(instanceId: string) {
  const ctx = await requireInstancePage(instanceId);
  if (!ctx.user.isSuperadmin) notFound();
  return ctx;
}
