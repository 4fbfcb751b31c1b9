import { withApi } from "@/lib/http/with-api";
import { json } from "@/lib/http/respond";
import { openApiDocument } from "@/lib/openapi/document";

/** OpenAPI 3.1, generated from the zod schemas that validate the requests. Lists only live routes. */
export const GET = withApi({ auth: "public" }, async () => json(openApiDocument()));
