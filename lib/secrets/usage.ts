import "server-only";
import { db } from "@/lib/db/client";
import type { SecretUser } from "./schema";

// "Used by": which records point at a secret with `secret:<name>`. The delete
// path (409 secret_in_use) and the Secrets page both ask here, and nowhere
// else. Each table that stores a reference contributes one source: a query for
// the users of some names in one instance.

type Source = (instanceId: string, names: string[]) => Promise<Array<SecretUser & { secretName: string }>>;

/** Endpoints whose credential is the secret. */
const endpoints: Source = async (instanceId, names) => {
  const rows = await db().endpoint.findMany({
    where: { instanceId, authSecretName: { in: names } },
    select: { id: true, name: true, authSecretName: true },
    orderBy: { createdAt: "asc" },
  });
  return rows.map((r) => ({ kind: "endpoint" as const, id: r.id, name: r.name, secretName: r.authSecretName! }));
};

const SOURCES: Source[] = [endpoints];

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
