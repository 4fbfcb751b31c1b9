import { afterEach, beforeAll, expect, it } from "vitest";
import { describeWithDatabase } from "@/test/db";
import { makeInstance, makeUser } from "@/test/factories";
import { isolatePostgres } from "@/test/secrets";
import { db } from "@/lib/db/client";
import { newId } from "@/lib/ids";
import { findEndpointRow, listEndpointRows } from "./read";

// The hand-written endpoint reads answer exactly what Prisma answers for the
// same rows (every column, the latest test, the instants), whatever the
// process's time zone: timestamp(3) columns hold UTC, and a driver that read
// them as local time would shift every date by the zone's offset.

await isolatePostgres("endpoints_read");

const withLastTest = { tests: { orderBy: [{ testedAt: "desc" as const }, { id: "desc" as const }], take: 1 } };
const zone = process.env.TZ;

describeWithDatabase("endpoint reads in SQL", () => {
  let instanceId: string;
  let otherId: string;
  let tested: string;
  let untested: string;

  beforeAll(async () => {
    instanceId = (await makeInstance()).id;
    otherId = (await makeInstance("Other")).id;
    const owner = await makeUser({ instanceId, role: "admin" });
    const base = { instanceId, wireFormat: "chat_completions_v1", model: "m", ownerUserId: owner.id };
    tested = newId("ep");
    untested = newId("ep");
    await db().endpoint.create({
      data: { ...base, id: tested, name: "Tested 50%_ok", url: "https://a.example/v1", urlKey: "https://a.example/v1", host: "a.example", tags: ["x", "y"], requestTemplate: { q: "{{prompt}}" }, responsePath: "$.a", dimensions: 8, createdAt: new Date("2026-01-02T03:04:05.678Z") },
    });
    await db().endpoint.create({ data: { ...base, id: untested, name: "Untested", url: "https://b.example/v1", urlKey: "https://b.example/v1", host: "b.example", tags: [] } });
    for (const [i, at] of ["2026-03-01T00:00:00.001Z", "2026-03-01T00:00:00.002Z"].entries()) {
      await db().endpointTest.create({ data: { id: newId("tst"), instanceId, endpointId: tested, testedAt: new Date(at), latencyMs: i, verdict: "pass", detail: `run ${i}` } });
    }
  });

  afterEach(() => {
    process.env.TZ = zone;
  });

  for (const tz of ["UTC", "America/New_York", "Asia/Kolkata"]) {
    it(`answers Prisma's row, latest test included, with the process in ${tz}`, async () => {
      process.env.TZ = tz;
      for (const id of [tested, untested]) {
        const prisma = await db().endpoint.findFirst({ where: { id, instanceId }, include: withLastTest });
        expect(await findEndpointRow(instanceId, id)).toEqual(prisma);
      }
      const row = await findEndpointRow(instanceId, tested);
      expect(row!.createdAt.toISOString()).toBe("2026-01-02T03:04:05.678Z");
      expect(row!.tests.map((t) => t.detail)).toEqual(["run 1"]);
    });
  }

  it("keeps to the instance it is given", async () => {
    expect(await findEndpointRow(otherId, tested)).toBeNull();
    expect(await listEndpointRows(otherId, {}, 10)).toEqual([]);
  });

  it("filters as the list route asks, LIKE wildcards taken literally, and seeks past a position", async () => {
    const names = async (f: Parameters<typeof listEndpointRows>[1]) => (await listEndpointRows(instanceId, f, 10)).map((r) => r.name);
    expect(await names({})).toEqual(["Untested", "Tested 50%_ok"]);
    expect(await names({ tag: "y" })).toEqual(["Tested 50%_ok"]);
    expect(await names({ like: "%50\\%\\_%" })).toEqual(["Tested 50%_ok"]);
    expect(await names({ like: "%5_\\%%" })).toEqual(["Tested 50%_ok"]);
    expect(await names({ like: "%B.EXAMPLE%" })).toEqual(["Untested"]);
    expect(await names({ status: "active", wireFormat: "chat_completions_v1" })).toHaveLength(2);
    expect(await names({ status: "disabled" })).toEqual([]);
    const [first] = await listEndpointRows(instanceId, {}, 1);
    expect(await names({ after: { createdAt: first.createdAt, id: first.id } })).toEqual(["Tested 50%_ok"]);
  });
});
