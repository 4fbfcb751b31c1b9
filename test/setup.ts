// Keep test logs quiet unless asked for.
process.env.PENAXTRA_LOG_LEVEL ??= "silent";
