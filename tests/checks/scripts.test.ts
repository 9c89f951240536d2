/**
 * Every script the program generates, checked as it would run: ExecuteBash scripts with
 * shellcheck as bash (`--shell=bash`), ExecutePowerShell scripts parsed with tree-sitter's
 * PowerShell grammar. Each check is shown failing on a broken script.
 */
import { expect } from "chai";
import fc from "fast-check";
import { scriptItems } from "../../catalog/render/component-document";
import { loadPowerShellParser, type PowerShellParser } from "../../checks/powershell";
import { commandAt, scriptsOf, type Script } from "../../checks/scripts";
import type { Shellcheck } from "../../checks/shellcheck";
import { generatedDocuments } from "./generated";
import { needShellcheck } from "./needs-shellcheck";

interface Located extends Script {
  document: string;
}

async function scripts(action: Script["action"]): Promise<Located[]> {
  return (await generatedDocuments()).flatMap((doc) =>
    scriptsOf(doc.data)
      .filter((script) => script.action === action)
      .map((script) => ({ ...script, document: doc.name })),
  );
}

describe("the scripts of the generated documents", function () {
  this.timeout(120_000);

  describe("ExecuteBash: shellcheck as bash", () => {
    let shellcheck: Shellcheck;
    before(function () {
      shellcheck = needShellcheck(this);
    });

    it("finds nothing in any of them", async () => {
      const all = await scripts("ExecuteBash");
      expect(all.length).to.be.greaterThan(20);
      const findings = all.flatMap((script) =>
        shellcheck(script.text).map(
          (f) => `${script.document} ${script.phase}.${script.step}:${f.line}:${f.column} ${f.message}`,
        ),
      );
      expect(findings).to.deep.equal([]);
    });

    it("flags a broken script, at the command and line it is on", () => {
      const script = scriptsOf(
        "schemaVersion: 1.0\nphases:\n  - name: build\n    steps:\n      - name: Build\n        action: ExecuteBash\n        inputs:\n          commands:\n            - set -euo pipefail\n            - |\n              if [ -f /etc/os-release ]; then\n                echo found\n              fi\n            - echo $unset_variable\n",
      )[0];
      const findings = shellcheck(script.text);
      expect(findings.map((f) => ({ at: commandAt(script, f.line, f.column), message: f.message }))).to.deep.equal([
        {
          at: { command: 2, line: 1, column: 6 },
          message: "shellcheck SC2154 (warning): unset_variable is referenced but not assigned.",
        },
        {
          at: { command: 2, line: 1, column: 6 },
          message: "shellcheck SC2086 (info): Double quote to prevent globbing and word splitting.",
        },
      ]);
    });
  });

  describe("ExecutePowerShell: a parse check", () => {
    let parsePowerShell: PowerShellParser;
    before(async () => {
      parsePowerShell = await loadPowerShellParser();
    });

    it("parses every one of them", async () => {
      const all = await scripts("ExecutePowerShell");
      expect(all.length).to.be.greaterThan(5);
      const findings = all.flatMap((script) =>
        parsePowerShell(script.text).map(
          (f) => `${script.document} ${script.phase}.${script.step}:${f.line}:${f.column} ${f.message}`,
        ),
      );
      expect(findings).to.deep.equal([]);
    });

    it("checks $LASTEXITCODE after every command of every one of them, reset before it", async () => {
      // Windows PowerShell 5.1 does not stop on a native program's non-zero exit code
      // (catalog/render/component-document.ts scriptItems): every command needs its own check.
      const reset = "$global:LASTEXITCODE = 0";
      const unchecked = (await scripts("ExecutePowerShell")).flatMap((script) => {
        const [prelude, first, ...rest] = script.commands;
        const bad = prelude === "$ErrorActionPreference = 'Stop'" && first === reset && rest.length % 2 === 0 ? [] : ["layout"];
        for (let i = 1; i < rest.length; i += 2) {
          const check = rest[i];
          if (!(
            check.startsWith("if ($global:LASTEXITCODE) { Write-Output (") &&
            check.includes("exit $global:LASTEXITCODE }") &&
            check.endsWith(`; ${reset}`)
          ))
            bad.push(`command ${(i + 1) / 2}`);
        }
        return bad.map((what) => `${script.document} ${script.phase}.${script.step}: ${what}`);
      });
      expect(unchecked).to.deep.equal([]);
    });

    it("parses the check after any command, whatever quotes and braces the command holds", () => {
      fc.assert(
        fc.property(
          fc.array(fc.string({ unit: fc.constantFrom("'", "\u2018", "\u2019", "{", "}", '"', "$", "`", "a", " ", "\n") }), {
            minLength: 1,
            maxLength: 3,
          }),
          (commands) => {
            for (const item of scriptItems("Windows", "Build", commands).filter((i) => !i.own)) {
              expect(parsePowerShell(`${item.text}\n`), item.text).to.deep.equal([]);
            }
          },
        ),
      );
    });

    it("flags each generated script with its last closing bracket or quote removed", async () => {
      const all = await scripts("ExecutePowerShell");
      const unflagged = all.filter((script) => {
        const last = Math.max(...[")", "}", "'", '"'].map((c) => script.text.lastIndexOf(c)));
        const broken = script.text.slice(0, last) + script.text.slice(last + 1);
        return last < 0 || parsePowerShell(broken).length === 0;
      });
      expect(unflagged.map((script) => `${script.document} ${script.phase}.${script.step}`)).to.deep.equal([]);
    });

    it("says where the first error is", () => {
      expect(parsePowerShell("$ErrorActionPreference = 'Stop'\nif ($deny -ne 0 { exit 1 }\nWrite-Output done\n")).to.deep.equal([
        { line: 2, column: 1, message: 'PowerShell does not parse from here: "if ($deny -ne 0 { exit 1 }"' },
      ]);
    });
  });
});
