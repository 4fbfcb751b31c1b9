import "server-only";
import { AppError } from "@/lib/errors";

export const MAX_JSON_BODY_BYTES = 64 * 1024;
/** Deeper bodies are refused before parsing: recursive validation of 20,000 levels overflowed the stack (500). */
export const MAX_JSON_DEPTH = 32;

/**
 * Reads a JSON body with a hard size cap: Content-Length is checked first,
 * then the stream is counted, so a lying or absent length cannot get past it.
 * An empty body is no body, whatever its type (`curl -X POST` sends none);
 * a non-empty one must be JSON.
 */
export async function readJsonBody(req: Request, maxBytes = MAX_JSON_BODY_BYTES): Promise<unknown> {
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw tooLarge(maxBytes);
  const type = req.headers.get("content-type") ?? "";
  const json = /^application\/(.+\+)?json\b/i.test(type);
  // A declared non-JSON body is refused before it is read.
  if (declared > 0 && !json) throw unsupported();
  if (!req.body) return undefined;
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  if (text.trim() === "") return undefined;
  if (!json) throw unsupported();
  if (nestingDepth(text) > MAX_JSON_DEPTH) {
    throw new AppError("bad_request", `The body nests arrays and objects deeper than ${MAX_JSON_DEPTH} levels`);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("bad_request", "The body is not valid JSON");
  }
}

/** The deepest nesting of [ and { in a JSON text, brackets inside strings not counted. */
export function nestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) deepest = Math.max(deepest, ++depth);
    else if (c === 0x5d || c === 0x7d) depth--;
  }
  return deepest;
}

function unsupported(): AppError {
  return new AppError("unsupported_media_type", "Send the body as application/json");
}

function tooLarge(maxBytes: number): AppError {
  return new AppError("payload_too_large", `The body exceeds ${maxBytes} bytes`);
}
