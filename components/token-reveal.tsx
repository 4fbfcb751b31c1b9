"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";

/** Shows a token's cleartext once, with a copy button and the warning that goes with it. */
export function TokenReveal({ token, shortId, expiresAt }: { token: string; shortId: string; expiresAt: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="rounded-lg border border-amber-300 bg-amber-50 p-5" data-testid="token-reveal">
      <p className="text-sm font-semibold text-amber-900">Copy this token now. It will not be shown again.</p>
      <p className="mt-1 text-sm text-amber-800">
        Store it in your secret manager. Penaxtra keeps only its SHA-256 hash; nobody can recover it after you leave this page.
      </p>
      <div className="mt-4 flex flex-wrap items-center gap-2">
        <code aria-label="New token" className="min-w-0 flex-1 break-all rounded-md bg-white px-3 py-2 font-mono text-sm text-slate-900 ring-1 ring-amber-300">
          {token}
        </code>
        <Button
          variant="secondary"
          onClick={async () => {
            await navigator.clipboard.writeText(token);
            setCopied(true);
          }}
        >
          {copied ? "Copied" : "Copy"}
        </Button>
      </div>
      <p className="mt-3 text-xs text-amber-800">
        Short id <span className="font-mono">{shortId}</span> · expires {new Date(expiresAt).toUTCString()}
      </p>
    </div>
  );
}
