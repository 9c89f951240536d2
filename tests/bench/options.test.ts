/** `npm run bench`: its command line, read into the options of one run (bench/options.ts). */
import { expect } from "chai";
import { parseOptions } from "../../bench/options";

const FULL = {
  quick: false,
  profile: true,
  sizes: [10, 50, 200, 1000],
  maxResources: 60_000,
  maxDefault: 6_000,
  maxAccounts: 60_000,
  full: true,
  reportOnly: false,
};

describe("bench options", () => {
  it("runs every size with profiles by default", () => {
    expect(parseOptions([])).to.deep.equal(FULL);
  });

  it("--quick runs two sizes, no default mode and no profile", () => {
    expect(parseOptions(["--quick"])).to.deep.equal({
      ...FULL,
      quick: true,
      profile: false,
      sizes: [10, 50],
      maxDefault: 0,
      full: false,
    });
  });

  it("takes --sizes, --no-profile and the caps", () => {
    expect(
      parseOptions(["--sizes", "10,50", "--no-profile", "--max-resources", "100", "--max-default", "20", "--max-accounts", "30"]),
    ).to.deep.equal({
      ...FULL,
      profile: false,
      sizes: [10, 50],
      maxResources: 100,
      maxDefault: 20,
      maxAccounts: 30,
      full: false,
    });
  });

  it("takes --name=VALUE too, and --report-only", () => {
    expect(parseOptions(["--sizes=10", "--max-accounts=5", "--report-only"])).to.deep.equal({
      ...FULL,
      sizes: [10],
      maxAccounts: 5,
      full: false,
      reportOnly: true,
    });
  });

  const refused: [string[], string][] = [
    [["--no-profil"], "unknown argument --no-profil"],
    [["--quick=1"], "unknown argument --quick=1"],
    [["100"], "unknown argument 100"],
    [["--sizes"], "--sizes needs a value"],
    [["--sizes", "--quick"], "--sizes needs a value"],
    [["--sizes", "10", "--sizes", "50"], "--sizes is given twice"],
    [["--max-resources", "many"], "--max-resources takes a resource count; got many"],
  ];
  for (const [argv, message] of refused) {
    it(`refuses ${argv.join(" ")}`, () => {
      expect(() => parseOptions(argv)).to.throw(message);
    });
  }

  it("refuses sizes that are not image counts", () => {
    expect(() => parseOptions(["--sizes", "10,x"])).to.throw("--sizes takes image counts like 10,50; got 10,x");
    expect(() => parseOptions(["--sizes", "0"])).to.throw("--sizes takes image counts like 10,50; got 0");
  });
});
