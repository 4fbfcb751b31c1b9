import { redirect } from "next/navigation";
import { connection } from "next/server";
import { isSetupComplete } from "@/lib/auth/setup";
import { currentUser } from "@/lib/auth/session";
import { AuthFrame } from "../auth-frame";
import { SignInForm } from "./signin-form";

export const metadata = { title: "Sign in" };

/** Only a path on this site (never `//host` or a scheme) may be a return address. */
function safeReturnTo(raw: string | string[] | undefined): string {
  const value = Array.isArray(raw) ? raw[0] : raw;
  return value && /^\/(?![/\\])[\x21-\x7e]*$/.test(value) ? value : "/app";
}

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await connection();
  if (!(await isSetupComplete())) redirect("/setup");
  const returnTo = safeReturnTo((await searchParams).callbackUrl);
  if (await currentUser()) redirect(returnTo);
  return (
    <AuthFrame title="Sign in" subtitle="LLM endpoint security operations">
      <SignInForm returnTo={returnTo} />
    </AuthFrame>
  );
}
