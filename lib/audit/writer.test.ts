import { randomBytes } from "node:crypto";
import { afterEach, expect, it, vi } from "vitest";
import { describeWithDatabase } from "@/test/db";
import { makeInstance } from "@/test/factories";
import { db } from "@/lib/db/client";
import { newId } from "@/lib/ids";
import { log } from "@/lib/log";
import { enqueueAudit, flushAudit } from "./writer";
import { recordAudit } from "./service";

// The audit writer inserts queued rows in batches. One row the database
// refuses must not cost the other rows of its batch: the batch is retried row
// by row, and a row that still fails is kept in a reduced form. Values that
// would fail a row (too long, NUL bytes, numbers out of range) are bounded
// before they reach the database.

type Raw = Parameters<typeof enqueueAudit>[0];

describeWithDatabase("audit writer: one bad row never costs a batch", () => {
  afterEach(() => vi.restoreAllMocks());
  const label = () => `test.writer.${randomBytes(4).toString("hex")}`;

  const rowFor = (instanceId: string, action: string, n: number): Raw => ({
    id: newId("evt"),
    createdAt: new Date(),
    instanceId,
    actorType: "system",
    actorId: null,
    actorLabel: "system:test",
    action,
    method: "GET",
    path: `/api/v2/thing/${n}`,
    status: 200,
    outcome: "2xx",
    clientIp: "192.0.2.1",
    target: `row ${n}`,
    requestId: `req_writer_${n}`,
  });

  it("writes every column of a batch as given, the instant whatever the process's time zone", async () => {
    const { id: instanceId } = await makeInstance();
    const action = label();
    const zone = process.env.TZ;
    process.env.TZ = "America/Los_Angeles";
    try {
      const given = { ...rowFor(instanceId, action, 1), createdAt: new Date("2026-05-06T07:08:09.123Z"), actorInstanceId: "ins_other", tokenShortId: "abcd1234", count: 7 };
      enqueueAudit(given);
      await flushAudit();
      expect(await db().auditEvent.findUnique({ where: { id: given.id } })).toEqual(given);
    } finally {
      process.env.TZ = zone;
    }
  });

  it("writes 49 intact rows and one reduced row when one row of 50 reuses an existing primary key", async () => {
    const { id: instanceId } = await makeInstance("Writer");
    const action = label();
    const existing = rowFor(instanceId, `${action}.earlier`, 0);
    enqueueAudit(existing);
    await flushAudit();

    const batch = Array.from({ length: 50 }, (_, i) => rowFor(instanceId, action, i + 1));
    batch[17] = { ...batch[17], id: existing.id }; // the poisoned row: a duplicate primary key
    for (const row of batch) enqueueAudit(row);
    await flushAudit();

    const rows = await db().auditEvent.findMany({ where: { action }, orderBy: { target: "asc" } });
    expect(rows).toHaveLength(50);
    const intact = rows.filter((r) => r.target?.startsWith("row "));
    expect(intact).toHaveLength(49);
    expect(intact.map((r) => r.id).sort()).toEqual(batch.filter((_, i) => i !== 17).map((r) => r.id).sort());
    const [kept] = rows.filter((r) => !r.target?.startsWith("row "));
    expect(kept).toMatchObject({ instanceId, actorType: "system", actorLabel: "system:test", action, status: 200, outcome: "2xx", target: "(reduced: the full row could not be written)" });
    expect(kept.id).not.toBe(existing.id);
    expect(kept.id).toMatch(/^evt_/);
    // The earlier row is untouched.
    expect(await db().auditEvent.findUniqueOrThrow({ where: { id: existing.id } })).toMatchObject({ action: `${action}.earlier`, target: "row 0" });
  });

  it("writes a batch whose row carries an out-of-range status or count (enqueued raw): 50 of 50", async () => {
    const { id: instanceId } = await makeInstance("Writer");
    const action = label();
    const batch = Array.from({ length: 50 }, (_, i) => rowFor(instanceId, action, i + 1));
    batch[3] = { ...batch[3], status: 2 ** 40 };
    batch[4] = { ...batch[4], status: 12.5, count: 2 ** 40 };
    for (const row of batch) enqueueAudit(row);
    await flushAudit();
    const rows = await db().auditEvent.findMany({ where: { action } });
    expect(rows).toHaveLength(50);
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(batch[3].id)).toMatchObject({ status: null, count: 1, target: "row 4" });
    expect(byId.get(batch[4].id)).toMatchObject({ status: null, count: 1, target: "row 5" });
    expect(rows.filter((r) => r.status === 200)).toHaveLength(48);
  });

  it("cuts oversize values to their column and drops NUL bytes instead of failing the row", async () => {
    const { id: instanceId } = await makeInstance("Writer");
    const action = label();
    const neighbour = label();
    recordAudit({
      instanceId,
      actor: { kind: "user", id: newId("usr"), email: `${"a".repeat(600)}\u0000@example.test`, name: null, isSuperadmin: false },
      action,
      target: `${"t".repeat(8 * 1024)}`,
      method: "GET\u0000",
      path: `/api/v2/${"p\u0000".repeat(4096)}`,
      status: 200,
      clientIp: "192.0.2.9",
      requestId: "r".repeat(500),
    });
    recordAudit({ instanceId, actor: { kind: "system", job: "test" }, action: neighbour, target: "same batch", status: 200 });
    await flushAudit();

    const row = await db().auditEvent.findFirstOrThrow({ where: { action } });
    expect(row.target).toHaveLength(500);
    expect(row.target!.endsWith("…")).toBe(true);
    expect(row.target!.startsWith("tttt")).toBe(true);
    expect(row.actorLabel).toHaveLength(320);
    expect(row.method).toBe("GET");
    expect(row.path).toHaveLength(1024);
    expect(row.path).not.toContain("\u0000");
    expect(row.requestId).toHaveLength(80);
    expect(row.clientIp).toBe("192.0.2.9");
    expect(await db().auditEvent.count({ where: { action: neighbour } })).toBe(1);
  });

  it("keeps a failing row whose instance id is not one (8 KB) reduced, in the control-plane log, not under a cut-off id", async () => {
    const { id: instanceId } = await makeInstance("Writer");
    const action = label();
    const batch = Array.from({ length: 5 }, (_, i) => rowFor(instanceId, action, i + 1));
    // It fails for its id (the same as the row before it), and carries a poisoned instance id.
    batch[2] = { ...batch[2], id: batch[1].id, instanceId: "x".repeat(8 * 1024) };
    for (const row of batch) enqueueAudit(row);
    await flushAudit();
    const rows = await db().auditEvent.findMany({ where: { action } });
    expect(rows).toHaveLength(5);
    expect(rows.filter((r) => r.target?.startsWith("row ")).map((r) => r.instanceId)).toEqual([instanceId, instanceId, instanceId, instanceId]);
    expect(rows.filter((r) => !r.target?.startsWith("row "))).toEqual([
      expect.objectContaining({ instanceId: null, action, status: 200, target: "(reduced: the full row could not be written)" }),
    ]);
  });

  // Values a client controls, in the one jsonb_to_recordset statement of a batch: a lone UTF-16
  // surrogate (JSON.stringify writes it as "\udXXX", which PostgreSQL's json parser refuses;
  // bounds.ts makes every value well-formed first), JSON-special characters, control bytes.
  it("a lone surrogate in a target keeps the batch one statement, every row written", async () => {
    const { id: instanceId } = await makeInstance();
    const action = `test.attack.${randomBytes(4).toString("hex")}`;
    const warn = vi.spyOn(log, "warn");
    for (let n = 0; n < 20; n++) enqueueAudit({ ...rowFor(instanceId, action, n), ...(n === 7 ? { target: "evil \ud800 target" } : {}) });
    await flushAudit();
    expect(await db().auditEvent.count({ where: { instanceId, action } })).toBe(20); // no row lost
    const failedBatches = warn.mock.calls.filter((c) => c.some((arg) => typeof arg === "string" && arg.includes("audit batch failed")));
    expect(failedBatches, "the batch fell back to 20 single-row inserts").toEqual([]);
  });

  it("JSON-special characters, control bytes, odd unicode and over-long values go through the one statement intact", async () => {
    const { id: instanceId } = await makeInstance();
    const action = `test.attack.${randomBytes(4).toString("hex")}`;
    const warn = vi.spyOn(log, "warn");
    const odd = `"}]' \\ \u0001\u001f\u007f \u2028\u2029 \ufeff 😀 ${"\\u0000"} $1 ::jsonb`;
    enqueueAudit({ ...rowFor(instanceId, action, 0), target: odd, actorLabel: odd, path: `/p/${odd}` });
    enqueueAudit({ ...rowFor(instanceId, action, 1), target: "x".repeat(100_000), path: "\u0000/nul\u0000" });
    await flushAudit();
    const rows = await db().auditEvent.findMany({ where: { instanceId, action }, orderBy: { path: "asc" } });
    expect(rows).toHaveLength(2);
    expect(rows.find((r) => r.target === odd)?.actorLabel).toBe(odd);
    expect(rows.find((r) => r.path === "/nul")?.target).toHaveLength(500);
    expect(warn.mock.calls.filter((c) => c.some((arg) => typeof arg === "string" && arg.includes("audit batch failed")))).toEqual([]);
  });
});
