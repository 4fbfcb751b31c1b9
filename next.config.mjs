// Content Security Policy: same-origin everything, no framing, no plugins.
// Next.js hydrates with inline scripts, so 'unsafe-inline' stays for scripts;
// development also needs eval for fast refresh.
const dev = process.env.NODE_ENV !== "production";
const csp = [
  "default-src 'self'",
  `script-src 'self' 'unsafe-inline'${dev ? " 'unsafe-eval'" : ""}`,
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  `connect-src 'self'${dev ? " ws:" : ""}`,
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  // PGlite loads its WebAssembly and data files relative to its own module:
  // it must be required from node_modules, not bundled.
  serverExternalPackages: ["@electric-sql/pglite", "pglite-prisma-adapter", "pino"],
  // A scripted client must never need to follow a redirect: /llm-config/ and
  // /llm-config answer alike (seed 001 writes the trailing slash), as do the
  // API's own paths (and pages, which render the same either way).
  skipTrailingSlashRedirect: true,
  // The seeds' own paths, served by the same handlers as /api/v2 (docs/api.md).
  async rewrites() {
    return {
      beforeFiles: [
        { source: "/llm-config/:path*", destination: "/api/v2/llm-config/:path*" },
        { source: "/llm-config", destination: "/api/v2/llm-config" },
        { source: "/v1/api-standards/:path*", destination: "/api/v2/api-standards/:path*" },
        { source: "/v1/api-standards", destination: "/api/v2/api-standards" },
        { source: "/v1/llm-services/:path*", destination: "/api/v2/llm-services/:path*" },
      ],
    };
  },
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "Content-Security-Policy", value: csp },
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "X-Frame-Options", value: "DENY" },
          { key: "Referrer-Policy", value: "same-origin" },
          { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
        ],
      },
    ];
  },
};

export default nextConfig;
