// Next.js calls register() once when a server process starts (never at build).
// A failed boot (placeholder secret, wrong seal key, bad config) stops the
// process: a half-configured security product must not serve.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { boot } = await import("@/lib/boot");
  try {
    await boot();
  } catch (e) {
    console.error(`Penaxtra cannot start: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  }
}
