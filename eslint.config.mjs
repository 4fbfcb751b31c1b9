import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const config = [
  ...nextVitals,
  ...nextTs,
  { ignores: ["lib/db/generated/**", ".next/**", ".data/**", ".test-data/**", "test-results/**", "playwright-report/**", "next-env.d.ts"] },
];

export default config;
