import { redirect } from "next/navigation";
import { connection } from "next/server";
import { isSetupComplete } from "@/lib/auth/setup";
import { currentUser } from "@/lib/auth/session";
import { AuthFrame } from "../auth-frame";
import { SignInForm } from "./signin-form";

export const metadata = { title: "Sign in" };

export default async function SignInPage() {
  await connection();
  if (!(await isSetupComplete())) redirect("/setup");
  if (await currentUser()) redirect("/app");
  return (
    <AuthFrame title="Sign in" subtitle="LLM endpoint security operations">
      <SignInForm />
    </AuthFrame>
  );
}
