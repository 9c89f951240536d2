/** `npm run consumer-role`: its command line, every usage error with its message and exit code. */
import { expect } from "chai";
import { main } from "../../cli/consumer-role";
import { ROOT } from "../support/program";

const USAGE = "usage: npm run consumer-role -- [--stack NAME] [--factory-account ID] [--format text|json]";

function consumerRole(args: string[]): { code: number; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  const code = main(args, { out: (line) => out.push(line), err: (line) => err.push(line) }, ROOT);
  return { code, out, err };
}

describe("consumer-role arguments", () => {
  it("answers -h and --help with the usage on standard output and exit 0", () => {
    for (const flag of ["-h", "--help"]) expect(consumerRole([flag]), flag).to.deep.equal({ code: 0, out: [USAGE], err: [] });
  });

  it("takes --name VALUE and --name=VALUE after an optional leading --", () => {
    for (const args of [
      ["--", "--stack", "dev", "--format", "json"],
      ["--stack=dev", "--format=json"],
    ]) {
      const { code, out } = consumerRole(args);
      expect(code, args.join(" ")).to.equal(0);
      expect(JSON.parse(out.join("\n")).roleName).to.equal("ami-factory-publisher");
    }
  });

  const usageErrors: [string[], string][] = [
    [["--verbose"], "consumer-role: unknown argument --verbose"],
    [["-x"], "consumer-role: unknown argument -x"],
    [["dev"], "consumer-role: unknown argument dev"],
    [["--stack"], "consumer-role: --stack needs a value"],
    [["--format", "json", "--factory-account"], "consumer-role: --factory-account needs a value"],
    [["--stack", "--format", "json"], "consumer-role: --stack needs a value"],
    [["--format", "json", "--format", "text"], "consumer-role: --format is given twice"],
  ];
  for (const [args, message] of usageErrors) {
    it(`refuses ${args.join(" ")} with exit 2 and the usage`, () => {
      expect(consumerRole(args)).to.deep.equal({ code: 2, out: [], err: [message, USAGE] });
    });
  }

  const valueErrors: [string[], string][] = [
    [["--format", "yaml"], "consumer-role: --format is text or json, not yaml"],
    [["--factory-account", "1234"], "consumer-role: --factory-account is a 12-digit account id, not 1234"],
    [["--stack", "nope"], "consumer-role: no stack file Pulumi.nope.yaml (stacks here: dev)"],
  ];
  for (const [args, message] of valueErrors) {
    it(`refuses ${args.join(" ")} with exit 2, without the usage`, () => {
      expect(consumerRole(args)).to.deep.equal({ code: 2, out: [], err: [message] });
    });
  }
});
