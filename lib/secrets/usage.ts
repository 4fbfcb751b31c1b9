import "server-only";
import type { SecretUser } from "./schema";

// "Used by": which records point at a secret with `secret:<name>`. The delete
// path (409 secret_in_use) and the Secrets page both ask here, and nowhere
// else. Each table that stores a reference contributes one source: a query for
// the users of some names in one instance. No such table exists yet; the
// endpoints (endpoint auth) and LLM configuration features add their source to
// SOURCES when they add their tables, and then deleting a referenced secret
// is refused.

type Source = (instanceId: string, names: string[]) => Promise<Array<SecretUser & { secretName: string }>>;

const SOURCES: Source[] = [];

/** The users of each of the given secret names, in one instance. Names without users are absent. */
export async function findSecretUsersByName(instanceId: string, names: string[]): Promise<Map<string, SecretUser[]>> {
  const found = new Map<string, SecretUser[]>();
  if (names.length === 0) return found;
  const results = await Promise.all(SOURCES.map((source) => source(instanceId, names)));
  for (const { secretName, ...user } of results.flat()) {
    found.set(secretName, [...(found.get(secretName) ?? []), user]);
  }
  return found;
}

/** The users of one secret. */
export async function findSecretUsers(instanceId: string, name: string): Promise<SecretUser[]> {
  return (await findSecretUsersByName(instanceId, [name])).get(name) ?? [];
}
