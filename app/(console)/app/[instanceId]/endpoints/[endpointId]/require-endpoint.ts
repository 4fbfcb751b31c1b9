import "server-only";
import { cache } from "react";
import { notFound } from "next/navigation";
import { isAppError } from "@/lib/errors";
import { getEndpoint } from "@/lib/endpoints/service";
import { requireInstancePage } from "@/lib/http/page-context";

/** The endpoint of a page, with the viewer's access; another instance's id (or none at all) is 404. */
export const requireEndpointPage = cache(async (instanceId: string, endpointId: string) => {
  const ctx = await requireInstancePage(instanceId, "endpoints:read");
  try {
    return { ...ctx, endpoint: await getEndpoint(ctx.instance.id, endpointId) };
  } catch (e) {
    if (isAppError(e) && e.code === "not_found") notFound();
    throw e;
  }
});
