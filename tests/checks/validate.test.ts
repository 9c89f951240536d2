/**
 * `npm run validate` checks the catalog's inline components as the factory will write them:
 * each problem of a script on the catalog line (and column) of the command it is in.
 */
import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import { main, SYSTEM_TOOLS } from "../../cli/validate";
import type { ScriptTools } from "../../checks/inline-components";
import { SHELLCHECK_INSTALL } from "../../checks/shellcheck";
import { EVERY_OS_CATALOG } from "./generated";
import { needShellcheck } from "./needs-shellcheck";
import { tempDir } from "../support/temp-dir";

const BROKEN = path.join(__dirname, "..", "fixtures", "static-checks", "broken-inline.yaml");

async function validate(file: string, tools: ScriptTools = SYSTEM_TOOLS) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main([file], { out: (line) => out.push(line), err: (line) => err.push(line) }, tools);
  return { code, out, err };
}

describe("npm run validate on inline components", function () {
  this.timeout(60_000);

  describe("with shellcheck", () => {
    before(function () {
      needShellcheck(this);
    });

    it("passes inline components of every OS that are clean", async () => {
      expect(await validate(EVERY_OS_CATALOG)).to.deep.equal({
        code: 0,
        out: [`${EVERY_OS_CATALOG}: 8 images, 1 region, 1 account: valid`],
        err: [],
      });
    });

    it("reports each script problem on the catalog line of its command and exits 1", async () => {
      expect(await validate(BROKEN)).to.deep.equal({
        code: 1,
        out: [
          `${BROKEN}:11:26 defaults.components[0].build[0]: shellcheck SC2154 (warning): builder is referenced but not assigned.`,
          `${BROKEN}:21:25 images[0].components[0].build[1]: shellcheck SC2043 (warning): This loop will only ever run once. Bad quoting or missing glob/expansion?`,
          // A quoted value with escapes: reported where the command starts.
          `${BROKEN}:24:16 images[0].components[0].test[0]: shellcheck SC2086 (info): Double quote to prevent globbing and word splitting.`,
          `${BROKEN}:24:16 images[0].components[0].test[0]: shellcheck SC2154 (warning): status is referenced but not assigned.`,
          `${BROKEN}:34:13 images[1].components[0].build[1]: PowerShell does not parse from here: "if (($service).Status -ne 'Running' {"`,
        ],
        err: [],
      });
    });
  });

  it("accepts a finding kept on purpose with a shellcheck directive before its command", async function () {
    needShellcheck(this);
    const text = fs
      .readFileSync(BROKEN, "utf8")
      .replace(
        '        test: ["test -n \\"$(pidof nginx)\\" && echo $status"]',
        '        test:\n          - "# shellcheck disable=SC2086,SC2154 # status is set by the image"\n          - echo $status',
      );
    const file = path.join(tempDir("validate"), "catalog.yaml");
    fs.writeFileSync(file, text);
    expect((await validate(file)).out.filter((line) => line.includes(".test["))).to.deep.equal([]);
    expect((await validate(file)).out).to.have.lengthOf(3);
  });

  it("says in one line that the shell check was not run when shellcheck is missing", async () => {
    const result = await validate(BROKEN, { ...SYSTEM_TOOLS, shellcheck: () => undefined });
    expect(result).to.deep.equal({
      code: 1,
      out: [
        `${BROKEN}:34:13 images[1].components[0].build[1]: PowerShell does not parse from here: "if (($service).Status -ne 'Running' {"`,
      ],
      err: [
        `${BROKEN}: the shell check of 2 inline Linux components was not run: shellcheck is not installed (${SHELLCHECK_INSTALL})`,
      ],
    });
  });

  it("reports a finding in the factory's own prelude at the catalog field, not at a command", async () => {
    const result = await validate(BROKEN, {
      ...SYSTEM_TOOLS,
      shellcheck: () => (script) =>
        script.startsWith("set -euo pipefail\n") ? [{ line: 1, column: 1, message: "prelude" }] : [],
    });
    expect(result.out.filter((line) => line.includes("prelude"))).to.deep.equal([
      `${BROKEN}:11:9 defaults.components[0].build: prelude`,
      `${BROKEN}:19:11 images[0].components[0].build: prelude`,
      `${BROKEN}:24:15 images[0].components[0].test: prelude`,
    ]);
  });

  it("reports a finding in the exit-code check after a Windows command at that command", async () => {
    // Line 4 of the script is the check after build[0]: prelude, reset, build[0], its check.
    const result = await validate(BROKEN, {
      ...SYSTEM_TOOLS,
      powershell: () =>
        Promise.resolve((script) =>
          script.split("\n")[3]?.startsWith("if ($global:LASTEXITCODE)")
            ? [{ line: 4, column: 5, message: "a finding in the check" }]
            : [],
        ),
    });
    expect(result.out.filter((line) => line.endsWith(": a finding in the check"))).to.deep.equal([
      `${BROKEN}:31:13 images[1].components[0].build[0]: a finding in the check`,
    ]);
  });
});
