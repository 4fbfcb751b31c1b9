"use client";

import { ApiReferenceReact } from "@scalar/api-reference-react";
import "@scalar/api-reference-react/style.css";

// Scalar's API reference, set up to work offline and under the console's
// Content-Security-Policy (next.config.mjs): the document comes from this
// server, and nothing that would call Scalar's hosted services is on. Loaded
// only by ./api-reference.tsx, in the browser, so its code and styles stay
// off every other page.

export function ScalarReference({ url }: { url: string }) {
  return (
    <ApiReferenceReact
      configuration={{
        url,
        // Its default fonts come from fonts.scalar.com: system fonts instead.
        withDefaultFonts: false,
        telemetry: false,
        // The AI chat talks to Scalar's hosted agent.
        agent: { disabled: true },
        // A test request goes straight to this server (same origin), never through Scalar's proxy.
        proxyUrl: "",
        // "Open API Client" hands the document to Scalar's hosted client; "Test request" works in the page.
        hideClientButton: true,
        // "Test request" offers the bearer token field; a token typed there is not kept in localStorage.
        authentication: { preferredSecurityScheme: "bearer" },
        persistAuth: false,
        forceDarkModeState: "light",
        hideDarkModeToggle: true,
        showDeveloperTools: "never",
        documentDownloadType: "json",
        showOperationId: true,
        hideModels: false,
        customCss: ".scalar-app { --scalar-font: ui-sans-serif, system-ui, sans-serif; --scalar-font-code: ui-monospace, SFMono-Regular, Menlo, monospace; }",
      }}
    />
  );
}
