import { withApi } from "@/lib/http/with-api";
import { json } from "@/lib/http/respond";
import { selfView } from "@/lib/tokens/service";
import { tokenSelfRoute } from "@/lib/tokens/routes";

/** What the calling token is: any valid token may ask. */
export const GET = withApi(tokenSelfRoute, async ({ principal }) => json(selfView(principal)));
