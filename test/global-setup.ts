import pg from "pg";

// When TEST_DATABASE_URL is set the PostgreSQL leg must run: an unreachable
// server fails the run, it never silently skips.
export default async function globalSetup() {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) return;
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
  } catch (e) {
    throw new Error(`TEST_DATABASE_URL is set but unreachable (${(e as Error).message})`);
  } finally {
    await client.end().catch(() => {});
  }
}
