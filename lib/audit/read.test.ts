import { afterEach, expect, it } from "vitest";
import { describeWithDatabase } from "@/test/db";
import { makeInstance } from "@/test/factories";
import { db } from "@/lib/db/client";
import { newId } from "@/lib/ids";
import { auditQuerySchema } from "./schema";
import { listAuditRows } from "./read";

// The audit list in SQL answers Prisma's rows, filters by instant whatever
// the process's time zone, and takes path and target prefixes literally.

const zone = process.env.TZ;

describeWithDatabase("audit list in SQL", () => {
  afterEach(() => {
    process.env.TZ = zone;
  });

  it("answers Prisma's rows for a time range, newest first, in any time zone; prefixes are literal", async () => {
    const { id: instanceId } = await makeInstance();
    const base = { instanceId, actorType: "system", action: "test.read", outcome: "2xx", status: 200 };
    const rows = [
      { ...base, id: newId("evt"), createdAt: new Date("2026-04-01T10:00:00.000Z"), path: "/api/v2/a%b", target: "ep_1" },
      { ...base, id: newId("evt"), createdAt: new Date("2026-04-01T11:00:00.000Z"), path: "/api/v2/axb", target: "ep_2" },
      { ...base, id: newId("evt"), createdAt: new Date("2026-04-01T12:00:00.000Z"), path: "/api/v2/a%b/c", target: "ep_1/x" },
    ];
    await db().auditEvent.createMany({ data: rows });
    const list = (q: Record<string, string>) => listAuditRows(instanceId, auditQuerySchema.parse(q), 10);
    for (const tz of ["UTC", "Pacific/Auckland", "America/Chicago"]) {
      process.env.TZ = tz;
      const prisma = await db().auditEvent.findMany({ where: { instanceId }, orderBy: [{ createdAt: "desc" }, { id: "desc" }] });
      expect(await list({})).toEqual(prisma);
      const ranged = await list({ since: "2026-04-01T10:30:00Z", until: "2026-04-01T12:00:00+00:00" });
      expect(ranged.map((r) => r.id)).toEqual([rows[2].id, rows[1].id]);
    }
    expect((await list({ path: "/api/v2/a%" })).map((r) => r.id)).toEqual([rows[2].id, rows[0].id]);
    expect((await list({ target: "ep_1" })).map((r) => r.id)).toEqual([rows[2].id, rows[0].id]);
    expect(await listAuditRows(null, auditQuerySchema.parse({ action: "test.read" }), 10)).toEqual([]);
  });
});
