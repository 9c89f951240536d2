/** Runs a host command and collects its output, without blocking the event loop (the proxy runs in it). */
import { spawn } from "node:child_process";

export interface Result {
  code: number;
  /** stdout and stderr interleaved, as a build log shows them. */
  output: string;
  timedOut: boolean;
}

export interface ExecOptions {
  env?: NodeJS.ProcessEnv;
  timeoutSeconds?: number;
  /** Streams the output as it comes (for slow steps such as mmdebstrap). */
  echo?: boolean;
}

export function exec(argv: readonly string[], options: ExecOptions = {}): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0], argv.slice(1), { env: options.env ?? process.env, stdio: ["ignore", "pipe", "pipe"] });
    const chunks: Buffer[] = [];
    const collect = (chunk: Buffer) => {
      chunks.push(chunk);
      if (options.echo) process.stderr.write(chunk);
    };
    child.stdout.on("data", collect);
    child.stderr.on("data", collect);
    let timedOut = false;
    const timer =
      options.timeoutSeconds === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            child.kill("SIGKILL");
          }, options.timeoutSeconds * 1000);
    child.on("error", reject);
    child.on("close", (code, signal) => {
      if (timer) clearTimeout(timer);
      resolve({ code: code ?? (signal ? 128 : 1), output: Buffer.concat(chunks).toString("utf8"), timedOut });
    });
  });
}

/** Runs a command that must succeed; throws with its output otherwise. */
export async function must(argv: readonly string[], options: ExecOptions = {}): Promise<string> {
  const result = await exec(argv, options);
  if (result.code !== 0) throw new Error(`${argv.join(" ")} exited ${result.code}:\n${tail(result.output)}`);
  return result.output;
}

/** The last lines of a log, enough to see why something failed. */
export function tail(text: string, lines = 15): string {
  return text.trimEnd().split("\n").slice(-lines).join("\n");
}
