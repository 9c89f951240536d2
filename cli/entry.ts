/**
 * How a command runs as a process: its `main` gets the arguments and the standard streams, its
 * result is the exit code, and a failure no code path expected is one line on standard error
 * with the command's failure code, never a stack trace in a user's terminal. The debug switch
 * (`--debug` anywhere in the arguments, or `AMI_FACTORY_DEBUG=1`) prints that failure's full
 * stack trace instead, for whoever is looking for a bug.
 */
import { cheapStackTraces, debugging, DEBUG_VARIABLE } from "../offline/stack-traces";

export interface Streams {
  out: (text: string) => void;
  err: (text: string) => void;
}

export interface EntryOptions {
  /** Each write is a line: the stream adds the newline. @default false */
  lines?: boolean;
  /** The exit code of an unexpected failure. @default 1 */
  failureCode?: number;
  /**
   * One frame per stack trace and no source-map lookups, unless debugging: the SDK captures a
   * stack trace for every resource it registers, and that is about half the time of a large plan
   * (docs/bench/findings.md, "Stack traces"). @default false
   */
  cheapStackTraces?: boolean;
}

export const DEBUG_FLAG = "--debug";

export function runAsProcess(
  name: string,
  main: (args: string[], io: Streams) => number | Promise<number>,
  options: EntryOptions = {},
): void {
  const given = process.argv.slice(2);
  const args = given.filter((arg) => arg !== DEBUG_FLAG);
  if (args.length < given.length) process.env[DEBUG_VARIABLE] = "1";
  const debug = debugging();
  if (options.cheapStackTraces) cheapStackTraces();
  const end = options.lines ? "\n" : "";
  // A reader that stops early (`npm run plan -- --format json | head`) wants no more output: what
  // is left is dropped, quietly, and the command still ends with its own exit code.
  let readerGone = false;
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE") throw error;
    readerGone = true;
  });
  const io: Streams = {
    out: (text) => {
      if (!readerGone) process.stdout.write(`${text}${end}`);
    },
    err: (text) => process.stderr.write(`${text}${end}`),
  };
  Promise.resolve()
    .then(() => main(args, io))
    .then(
      (code) => {
        process.exitCode = code;
      },
      (error: unknown) => {
        const text = error instanceof Error ? (debug ? (error.stack ?? error.message) : error.message) : String(error);
        process.stderr.write(`${name}: ${text}\n`);
        process.exitCode = options.failureCode ?? 1;
      },
    );
}
