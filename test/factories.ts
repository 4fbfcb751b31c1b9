import { db } from "@/lib/db/client";
import { newId } from "@/lib/ids";
import { hashPassword } from "@/lib/auth/password";
import type { Role } from "@/lib/auth/roles";
import type { UserActor as SessionUser } from "@/lib/auth/actor";

// Factories: uniquely named rows per call, so tests run in any order and in
// parallel against one database.

export const TEST_PASSWORD = "test-password-1234";
let passwordHash: Promise<string> | undefined;

export async function makeInstance(name = "Test workspace") {
  return db().instance.create({ data: { id: newId("ins"), name: `${name} ${newId("ins").slice(4, 10)}` } });
}

export async function makeUser(opts: { instanceId?: string; role?: Role; isSuperadmin?: boolean } = {}): Promise<SessionUser> {
  passwordHash ??= hashPassword(TEST_PASSWORD);
  const id = newId("usr");
  const user = await db().user.create({
    data: { id, email: `${id.toLowerCase()}@example.test`, handle: id.toLowerCase(), passwordHash: await passwordHash, isSuperadmin: opts.isSuperadmin ?? false },
  });
  if (opts.instanceId) {
    await db().membership.create({ data: { id: newId("mem"), userId: id, instanceId: opts.instanceId, role: opts.role ?? "member" } });
  }
  return { kind: "user", id: user.id, email: user.email, name: user.name, isSuperadmin: user.isSuperadmin };
}
