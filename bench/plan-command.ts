/** What a plan run executes: the plan command in JSON mode, or bench/record.ts while there is none. */
import { existsSync } from "node:fs";
import * as path from "node:path";
import { ROOT } from "./measure";

const PLAN_CLI = path.join(ROOT, "cli", "plan.ts");

/** What `plan` runs: the plan command in JSON mode, or the recorder while it does not exist. */
export function planCommand(
  catalog: string,
  output: string,
): { script: string; args: string[]; stdout: string; describe: string } {
  if (existsSync(PLAN_CLI)) {
    return {
      script: "cli/plan.ts",
      args: ["--catalog", catalog, "--format", "json"],
      stdout: output,
      describe: "node --import tsx cli/plan.ts --catalog FILE --format json",
    };
  }
  return {
    script: "bench/record.ts",
    args: [catalog, output],
    stdout: `${output}.log`,
    describe: "node --import tsx bench/record.ts FILE OUT (no cli/plan.ts yet)",
  };
}
