import { defineRoute } from "@/lib/openapi/route";
import { tokenSelfSchema } from "./schema";

export const tokenSelfRoute = defineRoute({
  method: "get",
  path: "/api/v2/tokens/self",
  operationId: "getTokenSelf",
  summary: "The calling token",
  description: "Name, short id, scopes, expiry and instance of the token in the Authorization header. Any valid token may ask.",
  tag: "Tokens",
  auth: "token",
  response: { status: 200, description: "The token", schema: tokenSelfSchema },
});
