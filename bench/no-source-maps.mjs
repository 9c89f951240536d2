// Loaded after tsx (`node --import tsx --import ./bench/no-source-maps.mjs`): tsx turns source
// maps on for readable stack traces, and the Pulumi SDK formats a stack trace for every resource
// and output it creates. Without the lookups, formatting them costs a fraction
// (docs/bench/findings.md, "Stack traces").
process.setSourceMapsEnabled(false);
