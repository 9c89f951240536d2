import { expect } from "chai";
import { main } from "../../cli/plan-comment";
import { tempDir } from "../support/temp-dir";

const USAGE = "usage: npm run plan-comment -- DIR [--run-url URL]\n";

describe("plan-comment arguments", () => {
  const dir = tempDir("comment");
  /** Exit code and standard error of `npm run plan-comment -- ARGS`. */
  const comment = (args: string[]) => {
    let err = "";
    const code = main(args, { out: () => undefined, err: (t) => (err += t) });
    return { code, err };
  };

  it("takes the directory and --run-url URL in either order, after an optional leading --", () => {
    for (const args of [
      ["--", dir],
      [dir, "--run-url", "https://ci/1"],
      ["--run-url", "https://ci/1", dir],
    ]) {
      expect(comment(args), args.join(" ")).to.deep.equal({ code: 0, err: "" });
    }
  });

  const refused = [
    [],
    ["/nonexistent-directory"],
    [dir, "extra"],
    [dir, "--run-url"],
    [dir, "--run-url="],
    [dir, "--run-url", "--verbose"],
    [dir, "--run-url=https://ci/1"],
    [dir, "--run-url", "u", "--run-url", "v"],
    [dir, "--verbose"],
    [dir, "--"],
    ["-h"],
  ];
  for (const args of refused) {
    it(`refuses ${args.join(" ") || "no arguments"} with the usage and exit 2`, () => {
      expect(comment(args)).to.deep.equal({ code: 2, err: USAGE });
    });
  }
});
