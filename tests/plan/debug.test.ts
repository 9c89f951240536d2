/**
 * The debug switch of the commands that run through cli/entry.ts: a failure nobody expected is one
 * line without it, and its whole stack trace with `--debug` or `AMI_FACTORY_DEBUG=1`.
 */
import { expect } from "chai";
import { spawn, spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { EXAMPLE_CATALOG, ROOT } from "../support/program";
import { tempDir } from "../support/temp-dir";

/** A project whose program has a bug: a valid stack and catalog, and an index.ts that throws two calls deep. */
function projectWithABug(): string {
  const dir = tempDir("debug");
  mkdirSync(join(dir, "config"));
  copyFileSync(EXAMPLE_CATALOG, join(dir, "config", "catalog.yaml"));
  writeFileSync(join(dir, "Pulumi.dev.yaml"), "config:\n  ami-factory:catalog: config/catalog.yaml\n");
  writeFileSync(
    join(dir, "index.ts"),
    [
      "function registerEverything(): never {",
      '  throw new Error("a bug in the program");',
      "}",
      "function buildTheFactory() {",
      "  registerEverything();",
      "}",
      "export = function program() {",
      "  buildTheFactory();",
      "};",
      "",
    ].join("\n"),
  );
  return dir;
}

describe("the debug switch (cli/entry.ts)", () => {
  const project = projectWithABug();
  const plan = (argv: string[], env: Record<string, string> = {}) => {
    const environment: NodeJS.ProcessEnv = { ...process.env, FORCE_COLOR: "0", ...env };
    if (!("AMI_FACTORY_DEBUG" in env)) delete environment.AMI_FACTORY_DEBUG;
    // As `npm run plan` runs it, from a project directory of its own.
    return spawnSync(join(ROOT, "node_modules", ".bin", "tsx"), [join(ROOT, "cli", "plan.ts"), ...argv], {
      cwd: project,
      encoding: "utf8",
      env: environment,
    });
  };

  it("without it, a bug is one line on standard error", function () {
    this.timeout(60_000);
    const result = plan([]);
    expect(result.status).to.equal(1);
    expect(result.stderr).to.equal("plan: the program stopped on config/catalog.yaml: a bug in the program\n");
  });

  for (const [how, argv, env] of [
    ["--debug", ["--debug"], {}],
    ["AMI_FACTORY_DEBUG=1", [], { AMI_FACTORY_DEBUG: "1" }],
  ] as const) {
    it(`with ${how}, the bug comes with its whole stack trace`, function () {
      this.timeout(60_000);
      const result = plan([...argv], env);
      expect(result.status).to.equal(1);
      expect(result.stderr).to.match(/^plan: Error: a bug in the program\n\s+at registerEverything \(.*index\.ts:2:\d+\)\n/);
      expect(result.stderr).to.match(/^\s+at buildTheFactory \(.*index\.ts:5:\d+\)$/m);
      expect(result.stderr).to.match(/^\s+at .*program \(.*index\.ts:8:\d+\)$/m);
    });
  }

  it("drops the output quietly when its reader has gone (`| head`), and keeps the exit code", async function () {
    this.timeout(60_000);
    const child = spawn(join(ROOT, "node_modules", ".bin", "tsx"), [join(ROOT, "cli", "plan.ts"), "--help"], {
      cwd: project,
      env: { ...process.env, FORCE_COLOR: "0" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    // Closed before the command has loaded, let alone written.
    child.stdout.destroy();
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const status = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(stderr).to.equal("");
    expect(status).to.equal(0);
  });
});
