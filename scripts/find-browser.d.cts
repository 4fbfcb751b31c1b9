// Types of scripts/find-browser.cjs for playwright.config.ts.
type FoundBrowser = { path: string; version: string; source: string };
declare function which(name: string, searchPath?: string): string[];
declare function findBrowser(env?: NodeJS.ProcessEnv): FoundBrowser | { error: string; path?: undefined } | null;
export { which, findBrowser };
export type { FoundBrowser };
