/** What a plan run executes: the plan command in JSON mode, its output into a file. */

export function planCommand(
  catalog: string,
  output: string,
): { script: string; args: string[]; stdout: string; describe: string } {
  return {
    script: "cli/plan.ts",
    args: ["--catalog", catalog, "--format", "json"],
    stdout: output,
    describe: "node --import tsx cli/plan.ts --catalog FILE --format json",
  };
}
