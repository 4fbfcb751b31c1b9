import { withApi } from "@/lib/http/with-api";
import { json } from "@/lib/http/respond";
import { openApiDocument } from "@/lib/openapi/document";
import { openApiRoute } from "@/lib/openapi/platform-routes";

/** OpenAPI 3.1, generated from the route declarations. Lists only live routes. */
export const GET = withApi(openApiRoute, async ({ req }) => json(openApiDocument(new URL(req.url).origin)));
