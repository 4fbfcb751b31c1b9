// Prisma 6.19 runs offline only with the JS schema engine and a driver
// adapter (docs/decisions.md). The CLI connects to DATABASE_URL when set and
// otherwise to the embedded PGlite data directory (never while the server runs).
import { existsSync } from "node:fs";
import path from "node:path";
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: path.join("prisma", "schema.prisma"),
  experimental: { adapter: true },
  engine: "js",
  async adapter() {
    const url = process.env.DATABASE_URL;
    if (url) {
      const { PrismaPg } = await import("@prisma/adapter-pg");
      return new PrismaPg({ connectionString: url });
    }
    const { PGlite } = await import("@electric-sql/pglite");
    const { PrismaPGlite } = await import("pglite-prisma-adapter");
    const dataDir = path.resolve(process.env.PENAXTRA_DATA_DIR ?? ".data", "pglite");
    // No data directory yet (e.g. `migrate diff` on a fresh clone): an in-memory database.
    return new PrismaPGlite(existsSync(dataDir) ? new PGlite(dataDir) : new PGlite());
  },
});
