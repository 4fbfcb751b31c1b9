// vitest runs outside React's server condition; `server-only` is a no-op here.
export {};
