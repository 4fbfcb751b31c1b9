import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { config } from "@/lib/config";
import { isAppError } from "@/lib/errors";
import { clientIpFrom } from "@/lib/ip/client-ip";
import { recordAudit } from "@/lib/audit/service";
import { signInSchema } from "./schema";
import { signInWithPassword } from "./sign-in";
import { authSecret } from "./secret";
import { createSession, endSession, sessionUser, SESSION_MAX_AGE_SECONDS } from "./sessions";

export const SIGN_IN_ERROR = "Invalid email or password";
export const THROTTLED_ERROR = "Too many failed attempts. Wait a few minutes, then try again.";

let cached: NextAuthOptions | undefined;

/**
 * next-auth configuration: credentials sign-in, a signed JWT cookie
 * (HttpOnly) that names a server-side session row (lib/auth/sessions.ts).
 * Sign-out deletes the row, so the old cookie stops working at once.
 */
export function authOptions(): NextAuthOptions {
  if (cached) return cached;
  const secure = (config().NEXTAUTH_URL ?? "").startsWith("https://");
  cached = {
    secret: authSecret(),
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
    // HttpOnly and SameSite=Lax always; Secure (and the __Secure- prefix) when served over https.
    useSecureCookies: secure,
    pages: { signIn: "/signin", error: "/signin" },
    providers: [
      CredentialsProvider({
        name: "Email and password",
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        async authorize(credentials, req) {
          const parsed = signInSchema.safeParse(credentials ?? {});
          if (!parsed.success) throw new Error(SIGN_IN_ERROR);
          const ip = clientIpFrom(new Headers(req.headers as Record<string, string>), config().PENAXTRA_TRUSTED_PROXIES);
          try {
            const user = await signInWithPassword(parsed.data.email, parsed.data.password, ip);
            recordAudit({ instanceId: null, actor: { kind: "user", ...user, isSuperadmin: false }, action: "auth.sign_in", clientIp: ip, status: 200 });
            return { id: user.id, email: user.email, name: user.name };
          } catch (e) {
            throw new Error(isAppError(e) && e.code === "rate_limited" ? THROTTLED_ERROR : SIGN_IN_ERROR);
          }
        },
      }),
    ],
    callbacks: {
      async jwt({ token, user }) {
        if (user) token.sid = await createSession(user.id);
        return token;
      },
      session({ session, token }) {
        return { ...session, sid: token.sid } as typeof session;
      },
    },
    events: {
      async signOut({ token }) {
        if (typeof token?.sid !== "string") return;
        const user = await sessionUser(token.sid);
        await endSession(token.sid);
        if (user) recordAudit({ instanceId: null, actor: user, action: "auth.sign_out", status: 200 });
      },
    },
  };
  return cached;
}
