import { expect } from "chai";
import { parseArgs } from "../../plan/args";

describe("plan arguments", () => {
  it("defaults to the dev stack, its catalog and text", () => {
    expect(parseArgs([])).to.deep.equal({ kind: "options", options: { stack: "dev", stackGiven: false, format: "text" } });
  });

  it("takes every option as --name VALUE or --name=VALUE", () => {
    expect(parseArgs(["--", "--stack", "prod", "--catalog=c.yaml", "--format", "json", "--base=main"])).to.deep.equal({
      kind: "options",
      options: { stack: "prod", stackGiven: true, catalog: "c.yaml", format: "json", base: "main" },
    });
  });

  it("answers --help with the usage", () => {
    expect(parseArgs(["--format", "json", "--help"])).to.deep.equal({ kind: "help" });
  });

  const errors: [string[], string][] = [
    [["--verbose"], "unknown option --verbose"],
    [["--format", "yaml"], '--format "yaml" is not a format; use text, json, markdown'],
    [["--stack"], "--stack needs a value"],
    [["--base", "--format", "json"], "--base needs a value"],
    [["--catalog="], "--catalog needs a value"],
    [["--stack", "a", "--stack", "b"], "--stack is given twice"],
    [["catalog.yaml"], 'unexpected argument "catalog.yaml": every value follows its option'],
    [["--stack", "../etc"], '--stack "../etc" is not a stack name (letters, digits, _ . -)'],
    [["-x"], 'unexpected argument "-x": every value follows its option'],
    [["--stack", "--help"], "--stack needs a value"],
    [["--help=1"], "unknown option --help"],
    [["--stack=a", "--"], "unknown option --"],
    [["--base=--format"], "--base needs a value"],
    [["--constructor", "x"], "unknown option --constructor"],
  ];
  for (const [argv, message] of errors) {
    it(`refuses ${argv.join(" ")}`, () => {
      expect(parseArgs(argv)).to.deep.equal({ kind: "error", message });
    });
  }
});
