// Keep test logs quiet unless asked for.
process.env.PENAXTRA_LOG_LEVEL ??= "silent";
// Unit tests write to the database behind the app's back (as another replica would) and expect the
// next request to see it: the verified-token cache is off here, and lib/tokens/verified-cache.test.ts
// tests it on, with its one-second bound. The e2e servers run with the production default.
process.env.PENAXTRA_AUTH_CACHE_MS ??= "0";
