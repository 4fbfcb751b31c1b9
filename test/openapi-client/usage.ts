// A client of the API as `npm run lint:openapi` builds it: openapi-fetch typed by
// the paths openapi-typescript generated from GET /api/v2/openapi.json. This file
// is only type-checked (test/openapi-client/tsconfig.json), never run: each call
// must compile, and each @ts-expect-error line must not, or the types do not bite.
import createClient from "openapi-fetch";
import type { paths } from "../../.openapi/schema";

const api = createClient<paths>({ baseUrl: "https://penaxtra.internal", headers: { Authorization: "Bearer pnx_…" } });

export async function listActiveChatEndpoints(): Promise<string[]> {
  const { data, error } = await api.GET("/api/v2/endpoints", { params: { query: { status: "active", wire_format: "chat_completions_v1", limit: 20 } } });
  if (error) throw new Error(`${error.code}: ${error.detail}`);
  const cursor: string | null = data.next_cursor;
  void cursor;
  return data.data.map((endpoint) => `${endpoint.name} ${endpoint.url}`);
}

export async function registerEndpoint(): Promise<string> {
  const { data, error } = await api.POST("/api/v2/endpoints", {
    body: {
      name: "Production customer chatbot",
      url: "https://api.upstream-llm.example/v1/chat/completions",
      wire_format: "chat_completions_v1",
      model: "model-name-from-provider",
      auth_header: "Authorization",
      auth_value_secret_ref: "secret:upstream_llm_key",
      tags: ["customer-facing"],
    },
  });
  if (error) throw new Error(error.code);
  return data.id;
}

export async function wrongCalls() {
  await api.POST("/api/v2/endpoints", {
    body: {
      name: "n",
      url: "https://api.upstream-llm.example/v1/chat/completions",
      // @ts-expect-error wire_format is an enum: "soap" is not one of its values
      wire_format: "soap",
      model: "m",
    },
  });
  // @ts-expect-error the list filter is `status`, not `state`
  await api.GET("/api/v2/endpoints", { params: { query: { state: "active" } } });
}
