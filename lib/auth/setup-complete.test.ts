import { beforeAll, expect, it, vi } from "vitest";
import { describeWithDatabase } from "@/test/db";
import { makeUser } from "@/test/factories";
import { db } from "@/lib/db/client";
import { completeSetup, isSetupComplete } from "./setup";
import { setupSchema } from "./schema";
import * as password from "./password";

// Once setup is complete, a setup request is refused before the password is
// hashed: refusing it costs a count query, not a memory-hard scrypt run.

vi.mock("./password", async (importOriginal) => {
  const real = await importOriginal<typeof import("./password")>();
  return { ...real, hashPassword: vi.fn(real.hashPassword) };
});

const hashes = vi.mocked(password.hashPassword);

describeWithDatabase("setup after setup", () => {
  beforeAll(async () => {
    await makeUser({ isSuperadmin: true });
  });

  it("is refused (not_found) without hashing the password, and changes nothing", async () => {
    expect(await isSetupComplete()).toBe(true);
    const before = { users: await db().user.count(), instances: await db().instance.count() };
    hashes.mockClear();
    const input = setupSchema.parse({ email: "late@example.test", password: "a-long-enough-password", instance_name: "Too late" });
    for (let i = 0; i < 5; i++) await expect(completeSetup(input)).rejects.toMatchObject({ code: "not_found" });
    expect(hashes).not.toHaveBeenCalled();
    expect({ users: await db().user.count(), instances: await db().instance.count() }).toEqual(before);
  });
});
