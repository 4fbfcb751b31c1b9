import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeWithDatabase } from "@/test/db";
import { makeInstance, makeUser } from "@/test/factories";
import { call, freshIp } from "@/test/api";
import { isolatePostgres } from "@/test/secrets";
import { db, openDatabase, setDatabase, type Database } from "@/lib/db/client";
import { migrate } from "@/lib/db/migrate";
import { newId } from "@/lib/ids";
import { flushAudit } from "@/lib/audit/writer";
import { mintPlatformToken } from "@/lib/tokens/platform";
import { createPlatformTokenSchema } from "@/lib/tokens/schema";
import { POST as create } from "@/app/api/v2/api-standards/route";
import { DELETE as remove } from "@/app/api/v2/api-standards/[handle]/route";
import { countStandardReferences, deleteApiStandard, getApiStandard } from "./service";
import { isForeignKeyViolation } from "@/lib/db/errors";

// Deleting a standard that endpoints still name: the seed's 409 with the real
// number of references across every instance, counted under a row lock so a
// reference created at the same moment is either counted or refused.

await isolatePostgres("api_standard_refs");

describeWithDatabase("API standard references", () => {
  let token: string;
  const instances: string[] = [];
  const owners: string[] = [];

  /** An endpoint row naming the standard (made through prisma: the endpoints API is another suite's concern). */
  const endpointUsing = (handle: string, i: number) => {
    const id = newId("ep");
    return db().endpoint.create({
      data: {
        id,
        instanceId: instances[i],
        name: `uses ${handle}`,
        url: `https://${id.toLowerCase()}.example.test/v1/embeddings`,
        urlKey: `https://${id.toLowerCase()}.example.test/v1/embeddings`,
        host: `${id.toLowerCase()}.example.test`,
        wireFormat: "chat_completions_v1",
        model: "embed-1",
        ownerUserId: owners[i],
        tags: [],
        apiStandardHandle: handle,
      },
    });
  };
  const standard = async (handle: string) => {
    const res = await call(create, {
      path: "/api/v2/api-standards",
      method: "POST",
      token,
      ip: freshIp(),
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ api_standard_handle: handle, description: `Test standard ${handle}`, key_method: "auth_apikey", key_field: "X-API-Key" }),
    });
    expect(res.status).toBe(201);
  };
  const del = async (handle: string) => {
    const res = await call(remove, { path: `/api/v2/api-standards/${handle}`, method: "DELETE", token, ip: freshIp(), params: { handle } });
    return { status: res.status, body: await res.json() };
  };

  beforeAll(async () => {
    const superadmin = await makeUser({ isSuperadmin: true });
    token = (await mintPlatformToken({ userId: superadmin.id, isSuperadmin: true }, createPlatformTokenSchema.parse({ name: "refs" }))).token;
    for (const name of ["Refs A", "Refs B"]) {
      const id = (await makeInstance(name)).id;
      instances.push(id);
      owners.push((await makeUser({ instanceId: id, role: "owner" })).id);
    }
  });
  afterAll(() => flushAudit());

  it("refuses the delete while two endpoints in two instances name it (409, N = 2), and allows it once they are gone", async () => {
    await standard("shared-std");
    const first = await endpointUsing("shared-std", 0);
    const second = await endpointUsing("shared-std", 1);
    expect(await countStandardReferences("shared-std")).toBe(2);

    const refused = await del("shared-std");
    expect(refused).toEqual({
      status: 409,
      body: expect.objectContaining({
        title: "Conflict",
        status: 409,
        detail: "Cannot delete API standard: referenced by 2 LLM service instances",
        code: "api_standard_in_use",
        references: 2,
      }),
    });
    expect(await getApiStandard("shared-std")).toMatchObject({ api_standard_handle: "shared-std" });
    await flushAudit();
    expect(await db().auditEvent.findFirst({ where: { action: "api_standard.delete", target: "shared-std" } })).toMatchObject({ status: 409, instanceId: null });

    await db().endpoint.delete({ where: { id: first.id } });
    expect(await del("shared-std")).toMatchObject({ status: 409, body: { detail: "Cannot delete API standard: referenced by 1 LLM service instances" } });
    await db().endpoint.update({ where: { id: second.id }, data: { apiStandardHandle: null } });
    expect(await del("shared-std")).toEqual({ status: 200, body: { message: "API standard 'shared-std' deleted successfully" } });
    await expect(getApiStandard("shared-std")).rejects.toMatchObject({ code: "not_found", message: "API standard 'shared-std' not found" });
  });

  it("counts references to one standard only", async () => {
    await standard("counted-a");
    await standard("counted-b");
    await endpointUsing("counted-a", 0);
    await endpointUsing("counted-b", 0);
    await endpointUsing("counted-b", 1);
    expect(await countStandardReferences("counted-a")).toBe(1);
    expect(await countStandardReferences("counted-b")).toBe(2);
    expect((await del("counted-b")).body.detail).toBe("Cannot delete API standard: referenced by 2 LLM service instances");
  });

  it("recognises the database's own refusal of a referenced delete as a foreign-key violation", async () => {
    await standard("fk-guarded");
    await endpointUsing("fk-guarded", 1);
    const error = await db().apiStandard.delete({ where: { handle: "fk-guarded" } }).then(() => null, (e: unknown) => e);
    expect(error).not.toBeNull();
    expect(isForeignKeyViolation(error)).toBe(true);
    expect(isForeignKeyViolation(new Error("duplicate key value violates unique constraint"))).toBe(false);
  });
});

// PostgreSQL only: PGlite serves one connection, so nothing there can run at the same moment.
const postgresUrl = process.env.TEST_DATABASE_URL;
if (postgresUrl) {
  describe("API standard delete racing a new reference [postgres]", () => {
    let database: Database;
    beforeAll(async () => {
      database = openDatabase({ url: postgresUrl });
      await migrate(database.driver);
      setDatabase(database);
    });
    afterAll(async () => {
      await flushAudit();
      await database?.close();
    });

    it("counts a reference committed while the delete waits (the row lock; failing that, the foreign key refusal maps to the same 409)", async () => {
      const instanceId = (await makeInstance("Race")).id;
      const ownerUserId = (await makeUser({ instanceId, role: "owner" })).id;
      await db().apiStandard.create({ data: { handle: "raced", description: "Raced", keyMethod: "none", keyField: "" } });
      let insertDone!: () => void;
      let commit!: () => void;
      const inserted = new Promise<void>((r) => (insertDone = r));
      const released = new Promise<void>((r) => (commit = r));
      // A transaction that references the standard and holds its key-share lock until told to commit.
      const referencing = db().$transaction(async (tx) => {
        const id = newId("ep");
        const url = `https://${id.toLowerCase()}.example.test/v1`;
        await tx.endpoint.create({
          data: { id, instanceId, name: "racer", url, urlKey: url, host: new URL(url).host, wireFormat: "chat_completions_v1", model: "m", ownerUserId, tags: [], apiStandardHandle: "raced" },
        });
        insertDone();
        await released;
      }, { timeout: 20_000 });
      await inserted;
      let settled = false;
      const deleting = deleteApiStandard("raced").finally(() => void (settled = true));
      deleting.catch(() => undefined); // awaited below
      await new Promise((r) => setTimeout(r, 300));
      expect(settled, "the delete must wait for the referencing transaction").toBe(false);
      commit();
      await referencing;
      await expect(deleting).rejects.toMatchObject({ code: "api_standard_in_use", message: "Cannot delete API standard: referenced by 1 LLM service instances" });
      expect(await getApiStandard("raced")).toMatchObject({ api_standard_handle: "raced" });
    });
  });
}
