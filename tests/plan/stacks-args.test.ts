import { expect } from "chai";
import { main, USAGE } from "../../cli/stacks";
import { ROOT } from "../support/program";

/** Exit code and standard error of `npm run stacks -- ARGS` in the project root. */
function stacks(args: string[]): { code: number; err: string } {
  let err = "";
  const code = main(args, { out: () => undefined, err: (t) => (err += t) }, ROOT);
  return { code, err };
}

describe("stacks arguments", () => {
  it("takes --name VALUE and --name=VALUE after an optional leading --", () => {
    expect(stacks(["--", "--only=dev", "--format", "json"])).to.deep.equal({ code: 0, err: "stacks: dev: every stack\n" });
  });

  const errors: [string[], string][] = [
    [["--verbose"], 'unknown argument "--verbose"'],
    [["--verbose=3"], 'unknown argument "--verbose=3"'],
    [["-x"], 'unknown argument "-x"'],
    [["dev"], 'unknown argument "dev"'],
    [["--only", "dev", "--"], 'unknown argument "--"'],
    [["--base"], "--base needs a value"],
    [["--base", "--only", "dev"], "--base needs a value"],
    [["--base=--only"], "--base needs a value"],
    [["--only="], "--only needs a value"],
    [["--only", "dev", "--only", "prod"], "--only is given twice"],
    [["--format", "yaml"], '--format "yaml": use lines or json'],
  ];
  for (const [args, message] of errors) {
    it(`refuses ${args.join(" ")} with exit 2`, () => {
      expect(stacks(args)).to.deep.equal({ code: 2, err: `stacks: ${message}\n${USAGE}\n` });
    });
  }
});
