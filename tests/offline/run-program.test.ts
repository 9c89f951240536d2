import { expect } from "chai";
import * as path from "node:path";
import { runProgram } from "../../offline/run-program";

describe("runProgram's record of a resource", () => {
  it("shows a secret input's value, and every other input as the program gave it", async () => {
    const { resources } = await runProgram({ root: path.join(__dirname, "../fixtures/secret-program"), config: {} });
    const byName = Object.fromEntries(resources.map((r) => [r.name, r.inputs]));
    expect(byName.token).to.include({ name: "/factory/token", type: "SecureString", value: "s3cret" });
    expect(byName.token.tags).to.deep.equal({ team: "platform" });
    expect(byName.plain).to.include({ name: "/factory/plain", value: "visible" });
  });
});
