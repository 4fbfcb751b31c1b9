import { redirect } from "next/navigation";
import { connection } from "next/server";
import { isSetupComplete } from "@/lib/auth/setup";

export default async function Home() {
  await connection();
  redirect((await isSetupComplete()) ? "/app" : "/setup");
}
