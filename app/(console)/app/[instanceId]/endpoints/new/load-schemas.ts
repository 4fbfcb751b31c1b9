import type { BasicsValues, ConnectionValues } from "../form/values";

// The wizard's schemas, loaded on first use: ../form/schemas defines them
// with zod, and a static import of it would put zod in the page's first
// load. Each step's form starts the load when it mounts (useActionForm), and
// the wizard starts it too, for a draft reopened at the review step, so
// validation rarely waits. Module-level functions, so a form sees the same
// loader on every render.

export const loadSchemas = () => import("../form/schemas");
export const loadBasicsSchema = () => loadSchemas().then((m) => m.basicsStepSchema);
export const loadConnectionSchema = () => loadSchemas().then((m) => m.connectionStepSchema);

/** createPayload of ../form/schemas, once the schemas have loaded; rejects if they cannot be loaded. */
export async function createPayloadAsync(basics: BasicsValues, connection: ConnectionValues) {
  return (await loadSchemas()).createPayload(basics, connection);
}
