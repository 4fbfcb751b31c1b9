import type { Dispatcher } from "undici";
import { EgressError } from "@/lib/egress/errors";

// Reading an answer inside the guard's limits: redirects refused and named by
// host only, bodies streamed and cut off past the byte cap.

export function redirectRefused(location: string | string[] | undefined, url: URL): EgressError {
  let where = "another location";
  try {
    if (typeof location === "string" && location) where = new URL(location, url).host || where;
  } catch {
    where = "an invalid location";
  }
  return new EgressError("redirect_refused", `The endpoint redirected to ${where}; redirects are not followed.`);
}

/** Drops an unread body; undici reports the drop as an error nobody needs. */
export function discard(body: Dispatcher.ResponseData["body"]): void {
  body.on("error", () => undefined);
  body.destroy();
}

export async function readCapped(res: Dispatcher.ResponseData, maxBytes: number, host: string): Promise<string> {
  const tooLarge = () => new EgressError("response_too_large", `The response from ${host} is larger than ${maxBytes} bytes.`);
  const declared = Number(res.headers["content-length"]);
  if (Number.isFinite(declared) && declared > maxBytes) {
    discard(res.body);
    throw tooLarge();
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of res.body as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) {
      discard(res.body);
      throw tooLarge();
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

export function toHeaders(raw: Dispatcher.ResponseData["headers"]): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(raw)) {
    for (const one of Array.isArray(value) ? value : value === undefined ? [] : [value]) {
      try {
        headers.append(name, one);
      } catch {
        // A header the Fetch Headers class cannot hold (invalid bytes) is left out.
      }
    }
  }
  return headers;
}
