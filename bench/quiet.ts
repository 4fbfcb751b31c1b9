// Imported first: the benchmark's stdout is its result table, so logs are off
// unless PENAXTRA_LOG_LEVEL asks for them (they would go to stderr).
process.env.PENAXTRA_LOG_LEVEL ??= "silent";
process.env.PENAXTRA_LOG_STREAM = "stderr";
