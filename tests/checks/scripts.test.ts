/**
 * Every script the program generates, checked as it would run: ExecuteBash scripts with
 * shellcheck as bash (`--shell=bash`), ExecutePowerShell scripts parsed with tree-sitter's
 * PowerShell grammar. Each check is shown failing on a broken script.
 */
import { expect } from "chai";
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
