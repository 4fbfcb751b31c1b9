// `npm start`: builds once when no build exists, then serves on PORT (default 3000).
// `npm run dev` runs the same server in development mode.
import { existsSync } from "node:fs";
import { spawnSync } from "node:child_process";
import path from "node:path";

const dev = process.argv.includes("--dev");
const port = Number(process.env.PORT || 3000);
const host = process.env.PENAXTRA_HOST || "::";

process.env.NEXT_TELEMETRY_DISABLED = "1";
process.env.NEXTAUTH_URL ||= `http://localhost:${port}`;

if (!dev) {
  process.env.NODE_ENV = "production";
  if (!existsSync(path.join(".next", "BUILD_ID"))) {
    console.log("No production build found: building (first start only, takes a few minutes)…");
    const result = spawnSync(process.execPath, ["node_modules/next/dist/bin/next", "build"], { stdio: "inherit", env: process.env });
    if (result.status !== 0) process.exit(result.status ?? 1);
  }
} else {
  process.env.NODE_ENV = "development";
}

const { serve } = await import("./server.mjs");
serve({ dev, port, host }).catch((err) => {
  console.error(err?.message ?? err);
  process.exit(1);
});
