import { encode } from "next-auth/jwt";
import { authSecret } from "@/lib/auth/secret";
import { createSession } from "@/lib/auth/sessions";
import { mintPlatformToken } from "@/lib/tokens/platform";
import { createPlatformTokenSchema } from "@/lib/tokens/schema";

// Test support: the two ways a superadmin reaches a superadmin route, made
// the way the product makes them: a platform token minted by the real
// service, and a real session row behind a real signed cookie.

/** A platform token of this superadmin, minted through the token service. */
export async function platformTokenOf(userId: string): Promise<string> {
  const values = createPlatformTokenSchema.parse({ name: "llm-config test platform token" });
  return (await mintPlatformToken({ userId, isSuperadmin: true }, values)).token;
}

/** The Cookie header of a fresh console session of this user. */
export async function sessionCookieOf(userId: string): Promise<string> {
  const sid = await createSession(userId);
  const jwt = await encode({ token: { sid }, secret: authSecret() });
  return `next-auth.session-token=${jwt}`;
}
