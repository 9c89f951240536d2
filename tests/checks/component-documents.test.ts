/**
 * Every component document the program generates, for all 8 operating systems, is an AWSTOE
 * document as AWS's component document reference describes it
 * (schema/awstoe-component.schema.json); and the schema refuses broken documents, one change at
 * a time from a valid one.
 */
import { expect } from "chai";
import { parse, stringify } from "yaml";
import { documentFindings, formatFindings } from "../../checks/component-document";
import { bestPracticeComponents } from "../../catalog/render/component-document";
import { OS_NAMES } from "../../catalog/tables/os-table";
import { fixtureOses, generatedDocuments, type GeneratedDocument } from "./generated";

/** A valid document with both kinds of script step and an UpdateOS step. */
const VALID = {
  name: "example",
  description: "One of each step the factory writes.",
  schemaVersion: 1.0,
  phases: [
    {
      name: "build",
      steps: [
        { name: "Update", action: "UpdateOS" },
        { name: "Build", action: "ExecuteBash", inputs: { commands: ["set -euo pipefail", "true"] } },
      ],
    },
    { name: "test", steps: [{ name: "Test", action: "ExecutePowerShell", inputs: { commands: ["Write-Output ok"] } }] },
  ],
};

function problems(change: (doc: any) => void): string[] {
  const doc = structuredClone(VALID) as any;
  change(doc);
  return formatFindings(documentFindings(stringify(doc)));
}

describe("AWSTOE component documents", () => {
  let documents: GeneratedDocument[];
  before(async function () {
    this.timeout(120_000);
    documents = await generatedDocuments();
  });

  describe("what the program generates", () => {
    it("covers every operating system: its best practices and an inline component", () => {
      expect(fixtureOses()).to.deep.equal([...OS_NAMES]);
      const names = documents.map((doc) => doc.name);
      const practices = new Set(OS_NAMES.flatMap((os) => bestPracticeComponents(os).map((c) => `ami-factory-${c.name}`)));
      expect(names.filter((name) => !name.includes("/"))).to.have.members([...practices]);
      // One inline component per fixture image, and the example catalog's nginx.
      expect(names.filter((name) => name.includes("/"))).to.have.lengthOf(OS_NAMES.length + 1);
    });

    it("are all valid AWSTOE documents", () => {
      const invalid = documents
        .map((doc) => ({ name: doc.name, problems: formatFindings(documentFindings(doc.data)) }))
        .filter((doc) => doc.problems.length > 0);
      expect(invalid).to.deep.equal([]);
    });
  });

  describe("the schema refuses", () => {
    it("nothing in the valid document", () => {
      expect(problems(() => {})).to.deep.equal([]);
    });

    it("an unknown action", () => {
      expect(problems((doc) => (doc.phases[0].steps[0].action = "UpdateOs"))[0]).to.match(
        /^phases\[0\]\.steps\[0\]\.action: "UpdateOs" is not allowed; use one of "Assert", "ExecuteBash", .*"UpdateOS"$/,
      );
    });

    it("a step name used twice in a phase", () => {
      expect(problems((doc) => (doc.phases[0].steps[1].name = "Update"))).to.deep.equal([
        'phases[0].steps[1].name: "Update" is already the name of phases[0].steps[0]; step names are unique in their phase',
      ]);
    });

    it("the same step name in two phases is fine", () => {
      expect(problems((doc) => (doc.phases[1].steps[0].name = "Build"))).to.deep.equal([]);
    });

    it("a phase name used twice", () => {
      expect(problems((doc) => (doc.phases[1].name = "build"))).to.deep.equal([
        'phases[1].name: "build" is already the name of phases[0]; phase names are unique in a document',
      ]);
    });

    it("a phase Image Builder does not run", () => {
      expect(problems((doc) => (doc.phases[1].name = "deploy"))).to.deep.equal([
        'phases[1].name: "deploy" is not allowed; use one of "build", "validate", "test"',
      ]);
    });

    it("a step name AWSTOE cannot reference", () => {
      expect(problems((doc) => (doc.phases[0].steps[1].name = "Build it"))).to.deep.equal([
        'phases[0].steps[1].name: "Build it" does not match ^[A-Za-z0-9_-]{1,128}$',
      ]);
    });

    it("a script step without commands", () => {
      expect(problems((doc) => (doc.phases[0].steps[1].inputs = {}))).to.deep.equal([
        'phases[0].steps[1].inputs: missing "commands"',
      ]);
    });

    it("a script step without inputs", () => {
      expect(problems((doc) => delete doc.phases[0].steps[1].inputs)).to.deep.equal(['phases[0].steps[1]: missing "inputs"']);
    });

    it("an empty list of commands", () => {
      expect(problems((doc) => (doc.phases[0].steps[1].inputs.commands = []))).to.deep.equal([
        "phases[0].steps[1].inputs.commands: needs at least 1 item",
      ]);
    });

    it("PowerShell commands and a file at once", () => {
      expect(problems((doc) => (doc.phases[1].steps[0].inputs.file = "C:\\test.ps1"))).to.deep.equal([
        'phases[1].steps[0].inputs: {"commands":["Write-Output ok"],"file":"C:\\\\test.ps1"} is not allowed; give either commands or file, not both',
      ]);
    });

    it("an onFailure AWSTOE does not know", () => {
      expect(problems((doc) => (doc.phases[0].steps[1].onFailure = "Retry"))).to.deep.equal([
        'phases[0].steps[1].onFailure: "Retry" is not allowed; use one of "Abort", "Continue", "Ignore"',
      ]);
    });

    it("a timeout of 0 seconds", () => {
      expect(problems((doc) => (doc.phases[0].steps[1].timeoutSeconds = 0))).to.deep.equal([
        "phases[0].steps[1].timeoutSeconds: 0 is not allowed; give -1 (no timeout) or a number of seconds from 1",
      ]);
    });

    it("no timeout (-1) is fine", () => {
      expect(problems((doc) => (doc.phases[0].steps[1].timeoutSeconds = -1))).to.deep.equal([]);
    });

    it("maxAttempts below 1", () => {
      expect(problems((doc) => (doc.phases[0].steps[1].maxAttempts = 0))).to.deep.equal([
        "phases[0].steps[1].maxAttempts: 0 must be >= 1",
      ]);
    });

    it("an unknown field on a step", () => {
      expect(problems((doc) => (doc.phases[0].steps[1].timeout = 60))).to.deep.equal([
        'phases[0].steps[1]: unknown field "timeout"',
      ]);
    });

    it("an input the action does not take", () => {
      expect(problems((doc) => (doc.phases[0].steps[0].inputs = { packages: ["kernel"] }))).to.deep.equal([
        'phases[0].steps[0].inputs: unknown field "packages"',
      ]);
    });

    it("a schema version other than 1.0", () => {
      expect(problems((doc) => (doc.schemaVersion = 2))).to.deep.equal(['schemaVersion: 2 is not allowed; use one of "1.0", 1']);
    });

    it("a document without phases", () => {
      expect(problems((doc) => delete doc.phases)).to.deep.equal(['(document): missing "phases"']);
    });

    it("a loop with both for and forEach", () => {
      expect(
        problems((doc) => (doc.phases[0].steps[1].loop = { for: { start: 1, end: 2, updateBy: 1 }, forEach: ["a"] })),
      ).to.deep.equal([
        'phases[0].steps[1].loop: {"for":{"start":1,"end":2,"updateBy":1},"forEach":["a"]} is not allowed; give either for or forEach',
      ]);
    });

    it("every problem of a document at once", () => {
      expect(
        problems((doc) => {
          doc.phases[0].steps[0].action = "Reboot";
          doc.phases[0].steps[0].inputs = { delaySeconds: -5 };
          doc.phases[1].steps[0].onFailure = "Stop";
        }),
      ).to.deep.equal([
        "phases[0].steps[0].inputs.delaySeconds: -5 must be >= 0",
        'phases[1].steps[0].onFailure: "Stop" is not allowed; use one of "Abort", "Continue", "Ignore"',
      ]);
    });

    it("text that is not YAML", () => {
      expect(formatFindings(documentFindings("phases: [\n"))[0]).to.match(/^\(document\): the document is not YAML: /);
    });
  });

  it("parses the generated documents as the YAML AWS reads (schemaVersion 1.0)", () => {
    expect(new Set(documents.map((doc) => (parse(doc.data) as { schemaVersion: unknown }).schemaVersion))).to.deep.equal(
      new Set([1]),
    );
  });
});
