import "server-only";
import { db } from "./client";

export async function databaseHealth(): Promise<"ok" | "unreachable"> {
  try {
    await db().$queryRawUnsafe("SELECT 1");
    return "ok";
  } catch {
    return "unreachable";
  }
}
