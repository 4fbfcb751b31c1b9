import { withApi } from "@/lib/http/with-api";
import { json } from "@/lib/http/respond";
import { databaseHealth } from "@/lib/db/health";
import { healthRoute } from "@/lib/openapi/platform-routes";

export const dynamic = "force-dynamic";

/** Liveness and database reachability, without authentication. */
export const GET = withApi(healthRoute, async () => {
  const database = await databaseHealth();
  return json({ status: database === "ok" ? "ok" : "degraded", database }, database === "ok" ? 200 : 503);
});
