import "server-only";
import type { EgressDeps } from "@/lib/egress/guard";
import { callProvider, ProviderFailure } from "./call";
import { listedModels, modelListed, modelsRequest } from "./providers";
import type { ConnectionResult, Provider } from "./schema";
import { openConfigKey, type ConfigRow } from "./store";

// The connection test: the provider's models list with the stored key. The
// key is valid when the list comes back; the model is reachable when the
// list names it. Every outcome is an answer (success true or false), never
// an error: the caller asked a question and this is the reply.

export const CONNECTION_OK = "Connection successful";

export async function runConnectionTest(row: ConfigRow, deps?: EgressDeps): Promise<ConnectionResult> {
  const provider = row.provider as Provider;
  const answer = (success: boolean, message: string): ConnectionResult => ({ success, provider, model: row.model, message });
  const key = await openConfigKey(row);
  const target = { provider, model: row.model, baseUrl: row.baseUrl };
  try {
    const doc = await callProvider(provider, modelsRequest(target, key), { kind: "models", model: row.model }, deps);
    const listed = listedModels(provider, doc);
    if (!listed) return answer(false, "unexpected_response: the provider's answer is not a models list");
    if (!modelListed(provider, row.model, listed)) {
      return answer(false, `model_not_found: the key works, but the provider does not list the model ${row.model}`);
    }
    return answer(true, CONNECTION_OK);
  } catch (e) {
    if (e instanceof ProviderFailure) return answer(false, e.message);
    throw e;
  }
}
