import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { call, freshIp } from "@/test/api";
import { openDatabase, setDatabase, type Database } from "./client";
import { migrate } from "./migrate";
import { GET as healthRoute } from "@/app/api/health/route";

// GET /api/health reports the database: 200 when a query answers, 503 when the
// database refuses connections or the handle is gone.

/** A local TCP port with nothing listening on it. */
async function refusingPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const opened: Database[] = [];
afterEach(async () => {
  for (const handle of opened.splice(0)) await handle.close().catch(() => {});
});

async function health() {
  const started = Date.now();
  const res = await call(healthRoute, { path: "/api/health", ip: freshIp() });
  return { res, body: (await res.json()) as Record<string, unknown>, ms: Date.now() - started };
}

describe("GET /api/health", () => {
  it("answers 200 ok while the database answers", async () => {
    const handle = openDatabase({ memory: true });
    opened.push(handle);
    await migrate(handle.driver);
    setDatabase(handle);
    const { res, body } = await health();
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("application/json");
    expect(body).toEqual({ status: "ok", database: "ok" });
  });

  it("answers 503 degraded when PostgreSQL refuses connections", async () => {
    const handle = openDatabase({ url: `postgresql://postgres@127.0.0.1:${await refusingPort()}/penaxtra` });
    opened.push(handle);
    setDatabase(handle);
    const { res, body, ms } = await health();
    expect(res.status).toBe(503);
    expect(res.headers.get("content-type")).toContain("application/json");
    expect(body).toEqual({ status: "degraded", database: "unreachable" });
    expect(ms).toBeLessThan(10_000);
  });

  it("answers 503 degraded when the database handle has been closed", async () => {
    const handle = openDatabase({ memory: true });
    await migrate(handle.driver);
    setDatabase(handle);
    expect((await health()).res.status).toBe(200);
    await handle.close();
    const { res, body } = await health();
    expect(res.status).toBe(503);
    expect(body).toEqual({ status: "degraded", database: "unreachable" });
  });
});
