import "server-only";
import type { UserActor } from "@/lib/auth/actor";
import { listMembers } from "@/lib/instances/members";
import type { OwnerOption } from "./form/schemas";

export type Person = { id: string; email: string; name: string | null };

/** Who may own an endpoint here: the members, and the viewer (a superadmin need not be a member). */
export async function peopleOf(instanceId: string, user: UserActor): Promise<Person[]> {
  const people: Person[] = (await listMembers(instanceId)).map((m) => ({ id: m.user.id, email: m.user.email, name: m.user.name }));
  if (!people.some((p) => p.id === user.id)) people.unshift({ id: user.id, email: user.email, name: user.name });
  return people;
}

const label = (p: Person) => (p.name ? `${p.name} (${p.email})` : p.email);

/**
 * The owner select's options. The wizard offers the viewer as "current" (the
 * API's word for the caller); the edit form names everyone by id.
 */
export function ownerOptions(people: Person[], user: UserActor, self: "current" | "id"): OwnerOption[] {
  const me = people.find((p) => p.id === user.id)!;
  const others = people.filter((p) => p.id !== user.id).map((p) => ({ value: p.id, label: label(p) }));
  return [{ value: self === "current" ? "current" : me.id, label: `You: ${label(me)}` }, ...others];
}
