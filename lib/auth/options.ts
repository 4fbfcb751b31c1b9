import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { config } from "@/lib/config";
import { isAppError } from "@/lib/errors";
import { clientIp } from "@/lib/http/client-ip";
import { recordAudit } from "@/lib/audit/service";
import { signInSchema } from "./schema";
import { signInWithPassword } from "./sign-in";
import { authSecret } from "./secret";

export const SIGN_IN_ERROR = "Invalid email or password";
export const THROTTLED_ERROR = "Too many failed attempts. Wait a few minutes, then try again.";

const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;

let cached: NextAuthOptions | undefined;

/** next-auth configuration: credentials sign-in, JWT sessions in an HttpOnly cookie. */
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
          const ip = clientIp(new Headers(req.headers as Record<string, string>));
          try {
            const user = await signInWithPassword(parsed.data.email, parsed.data.password, ip);
            recordAudit({ instanceId: null, actor: { type: "user", userId: user.id, label: user.email }, action: "auth.sign_in", clientIp: ip });
            return { id: user.id, email: user.email, name: user.name, sv: user.sessionVersion };
          } catch (e) {
            throw new Error(isAppError(e) && e.code === "rate_limited" ? THROTTLED_ERROR : SIGN_IN_ERROR);
          }
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user) {
          token.uid = user.id;
          token.sv = (user as { sv?: number }).sv;
        }
        return token;
      },
      session({ session, token }) {
        return { ...session, uid: token.uid, sv: token.sv } as typeof session;
      },
    },
  };
  return cached;
}
