import { notFound } from "next/navigation";
import { connection } from "next/server";
import { isSetupComplete } from "@/lib/auth/setup";
import { AuthFrame } from "../auth-frame";
import { SetupForm } from "./setup-form";

export const metadata = { title: "Set up" };

export default async function SetupPage() {
  await connection();
  if (await isSetupComplete()) notFound();
  return (
    <AuthFrame title="Set up Penaxtra" subtitle="Create the first superadmin account and workspace. This page disappears once done.">
      <SetupForm />
    </AuthFrame>
  );
}
