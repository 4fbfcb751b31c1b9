import { expect, it } from "vitest";
import { describeWithDatabase } from "@/test/db";
import { db } from "@/lib/db/client";
import { isUniqueViolation } from "@/lib/db/errors";
import { newId } from "@/lib/ids";

describeWithDatabase("database", (current) => {
  it("seeds the three API standards of seed 002 in a migration", async () => {
    const rows = await db().apiStandard.findMany({ where: { handle: { in: ["openai", "cohere", "gemini"] } }, orderBy: { handle: "asc" } });
    expect(rows.map((r) => [r.handle, r.keyMethod, r.keyField])).toEqual([
      ["cohere", "auth_bearer", "Authorization"],
      ["gemini", "query_param", "key"],
      ["openai", "auth_bearer", "Authorization"],
    ]);
  });

  it("maps a unique violation to one check on both adapters", async () => {
    const email = `dup-${newId("usr")}@example.test`;
    await db().user.create({ data: { id: newId("usr"), email, handle: newId("usr").toLowerCase(), passwordHash: "x" } });
    const err = await db().user.create({ data: { id: newId("usr"), email, handle: newId("usr").toLowerCase(), passwordHash: "x" } }).catch((e) => e);
    expect(isUniqueViolation(err)).toBe(true);
  });

  it("keeps the audit log append-only at the database level", async () => {
    const id = newId("evt");
    await db().auditEvent.create({ data: { id, actorType: "system", action: "test.append_only" } });
    await expect(db().auditEvent.update({ where: { id }, data: { action: "tampered" } })).rejects.toThrow();
    await expect(db().auditEvent.delete({ where: { id } })).rejects.toThrow();
    const row = await db().auditEvent.findUnique({ where: { id } });
    expect(row?.action).toBe("test.append_only");
  });

  it("omits hash columns unless asked for", async () => {
    const id = newId("usr");
    await db().user.create({ data: { id, email: `${id}@example.test`, handle: id.toLowerCase(), passwordHash: "hash" } });
    const plain = await db().user.findUnique({ where: { id } });
    expect(plain).not.toHaveProperty("passwordHash");
    const withHash = await db().user.findUnique({ where: { id }, omit: { passwordHash: false } });
    expect(withHash?.passwordHash).toBe("hash");
    expect(current().driver.kind).toMatch(/pglite|postgres/);
  });
});
