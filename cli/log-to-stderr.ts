// Imported first by the CLI: its logs go to stderr so stdout carries only the
// command's answer (the JSON that scripts parse).
process.env.PENAXTRA_LOG_STREAM = "stderr";
