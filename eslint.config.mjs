import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const config = [
  ...nextVitals,
  ...nextTs,
  // CommonJS files (scripts/find-browser.cjs, .dependency-cruiser.cjs) require() by nature.
  { files: ["**/*.cjs"], rules: { "@typescript-eslint/no-require-imports": "off" } },
  // test/boundaries/fixture holds deliberate layering violations for test/boundaries.
  { ignores: ["lib/db/generated/**", ".next/**", ".data/**", ".test-data/**", "test-results/**", "playwright-report/**", "next-env.d.ts", "test/boundaries/fixture/**"] },
];

export default config;
