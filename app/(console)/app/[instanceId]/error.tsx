"use client";

import { Button } from "@/components/ui/button";

/** Shown when a console page fails to render; the digest matches the server log entry. */
export default function ConsoleError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div role="alert" className="rounded-lg border border-red-200 bg-white p-8 text-center shadow-xs">
      <h1 className="text-lg font-semibold text-slate-900">This page could not be loaded</h1>
      <p className="mt-2 text-sm text-slate-600">
        Something went wrong on the server. Try again; if it keeps failing, give your operator this reference:{" "}
        <span className="font-mono">{error.digest ?? "unknown"}</span>.
      </p>
      <Button className="mt-5" onClick={reset}>
        Try again
      </Button>
    </div>
  );
}
