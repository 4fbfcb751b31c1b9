import { AppError } from "@/lib/errors";
import { problemResponse } from "@/lib/http/problem";
import { requestMeta } from "@/lib/http/request-meta";

// Any /api path without a route: problem+json 404, whatever the method.
function notFound(req: Request): Response {
  return problemResponse(new AppError("not_found", `No API route at ${new URL(req.url).pathname}`), requestMeta(req.headers).requestId);
}

export { notFound as GET, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE };
