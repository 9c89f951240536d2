/**
 * How a command runs as a process: its `main` gets the arguments and the standard streams, its
 * result is the exit code, and a failure no code path expected is one line on standard error
 * with the command's failure code, never a stack trace in a user's terminal.
 */
export interface Streams {
  out: (text: string) => void;
  err: (text: string) => void;
}

export interface EntryOptions {
  /** Each write is a line: the stream adds the newline. @default false */
  lines?: boolean;
  /** The exit code of an unexpected failure. @default 1 */
  failureCode?: number;
}

export function runAsProcess(
  name: string,
  main: (args: string[], io: Streams) => number | Promise<number>,
  options: EntryOptions = {},
): void {
  const end = options.lines ? "\n" : "";
  const io: Streams = {
    out: (text) => process.stdout.write(`${text}${end}`),
    err: (text) => process.stderr.write(`${text}${end}`),
  };
  Promise.resolve()
    .then(() => main(process.argv.slice(2), io))
    .then(
      (code) => {
        process.exitCode = code;
      },
      (error: unknown) => {
        process.stderr.write(`${name}: ${error instanceof Error ? error.message : String(error)}\n`);
        process.exitCode = options.failureCode ?? 1;
      },
    );
}
