import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { test, expect } from "@playwright/test";
import { recordedCleartexts } from "./fixtures";

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? files(full) : [full];
  });
}

// After every other spec: each token and secret value the run handled is
// searched for in the server's log and in every file of the embedded database.
test("no cleartext token or secret value is in the logs or the database", async () => {
  const cleartexts = recordedCleartexts();
  expect(cleartexts.length).toBeGreaterThan(0);
  const dataDir = process.env.E2E_DATA_DIR!;
  const haystacks = files(dataDir).map((f) => ({ f, body: readFileSync(f).toString("latin1") }));
  expect(haystacks.some((h) => h.f.endsWith("server.log"))).toBe(true);
  expect(haystacks.some((h) => h.f.includes(`${path.sep}pglite${path.sep}`))).toBe(true);
  const found = cleartexts.flatMap((c) => haystacks.filter((h) => h.body.includes(c)).map((h) => `${c.slice(0, 8)}… in ${h.f}`));
  expect(found).toEqual([]);
});
