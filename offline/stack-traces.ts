/**
 * What a stack trace costs. The Pulumi SDK captures one for every resource it registers and
 * every output it makes, and under tsx each TypeScript frame of it is looked up in its source
 * map: in a run of the program that is about half its time (docs/bench/findings.md, "Stack
 * traces"). Where nobody reads those traces (a plan, a test's run of the program), they are cut
 * to one frame without lookups; the debug switch (`--debug`, or `AMI_FACTORY_DEBUG=1`) keeps
 * them whole.
 */

/** The environment variable of the debug switch; `--debug` sets it for the command's own process. */
export const DEBUG_VARIABLE = "AMI_FACTORY_DEBUG";

/** True when the debug switch is on. */
export function debugging(env: NodeJS.ProcessEnv = process.env): boolean {
  return env[DEBUG_VARIABLE] === "1";
}

/**
 * One frame per stack trace and no source-map lookups, unless debugging, until the returned
 * function puts back what was there.
 */
export function cheapStackTraces(): () => void {
  if (debugging()) return () => undefined;
  const { stackTraceLimit } = Error;
  const sourceMaps = process.sourceMapsEnabled;
  Error.stackTraceLimit = 1;
  process.setSourceMapsEnabled(false);
  return () => {
    Error.stackTraceLimit = stackTraceLimit;
    process.setSourceMapsEnabled(sourceMaps);
  };
}
