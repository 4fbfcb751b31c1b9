import { withApi } from "@/lib/http/with-api";
import { json } from "@/lib/http/respond";
import { selfView } from "@/lib/tokens/service";

/** What the calling token is: any valid token may ask. */
export const GET = withApi({ auth: "token" }, async ({ principal }) => json(selfView(principal)));
