import { withApi } from "@/lib/http/with-api";
import { json } from "@/lib/http/respond";
import { notFound } from "@/lib/errors";
import { benchBaselineRoute } from "@/lib/openapi/platform-routes";

export const dynamic = "force-dynamic";

/** The benchmark's floor: no authentication, no database. 404 unless PENAXTRA_BENCH=1. */
export const GET = withApi(benchBaselineRoute, async ({ query }) => {
  if (process.env.PENAXTRA_BENCH !== "1") throw notFound("Route");
  // {"padding":"…"} is 14 bytes around the padding.
  return json({ padding: "x".repeat(Math.max(0, query.bytes - 14)) });
});
