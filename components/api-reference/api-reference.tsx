"use client";

import dynamic from "next/dynamic";

// The renderer is large (about a megabyte of script and styles): it loads only
// here, in the browser, after the page itself has shown.
const ScalarReference = dynamic(() => import("./scalar-reference").then((m) => m.ScalarReference), {
  ssr: false,
  loading: () => (
    <p role="status" className="rounded-lg border border-slate-200 bg-white px-5 py-8 text-sm text-slate-600">
      Loading the API reference…
    </p>
  ),
});

export function ApiReference({ url }: { url: string }) {
  return (
    // No overflow clipping here: it would unstick the reference's own sidebar.
    <div className="rounded-lg border border-slate-200 bg-white shadow-xs">
      <ScalarReference url={url} />
    </div>
  );
}
