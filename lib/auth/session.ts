import "server-only";
import { getServerSession } from "next-auth";
import { decode } from "next-auth/jwt";
import type { UserActor } from "./actor";
import { authOptions } from "./options";
import { authSecret } from "./secret";
import { sessionUser } from "./sessions";

/** The session id carried by the signed cookie, or null when signed out. */
export async function currentSessionId(): Promise<string | null> {
  const session = (await getServerSession(authOptions())) as { sid?: string } | null;
  return typeof session?.sid === "string" ? session.sid : null;
}

/**
 * The signed-in user, freshly read with their session row (so sign-out, a
 * password change, a removed account or a changed flag takes effect at once),
 * or null.
 */
export async function currentUser(): Promise<UserActor | null> {
  const sid = await currentSessionId();
  return sid ? sessionUser(sid) : null;
}

/**
 * The signed-in user of a route handler's request, read from its Cookie
 * header (the same signed cookie and session row as the console), or null.
 * Route handlers take the request explicitly, so tests can call them too.
 */
export async function sessionUserOf(req: Request): Promise<UserActor | null> {
  const token = sessionCookieOf(req.headers.get("cookie"), authOptions().useSecureCookies ?? false);
  if (!token) return null;
  const jwt = await decode({ token, secret: authSecret() }).catch(() => null);
  return typeof jwt?.sid === "string" ? sessionUser(jwt.sid) : null;
}

/** next-auth's session cookie from a Cookie header, its chunks (`name.0`, `name.1`, …) joined. */
export function sessionCookieOf(cookieHeader: string | null, secure: boolean): string | null {
  if (!cookieHeader) return null;
  const name = `${secure ? "__Secure-" : ""}next-auth.session-token`;
  const cookies = new Map<string, string>();
  for (const part of cookieHeader.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0) cookies.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  if (cookies.has(name)) return cookies.get(name)!;
  const chunks: string[] = [];
  for (let i = 0; cookies.has(`${name}.${i}`); i++) chunks.push(cookies.get(`${name}.${i}`)!);
  return chunks.length > 0 ? chunks.join("") : null;
}
