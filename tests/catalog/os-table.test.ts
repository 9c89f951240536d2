import assert from "node:assert/strict";
import { architecturesOf, defaultBaseParameter, OS_NAMES, OS_TABLE, type Fact } from "../../catalog/tables/os-table";

/** Every fact of a row, by name, the default base included. */
function factsOf(os: (typeof OS_NAMES)[number]): [string, Fact<unknown>][] {
  const info = OS_TABLE[os];
  return [["defaultBase", info.defaultBase], ...Object.entries(info.facts as unknown as Record<string, Fact<unknown>>)];
}

describe("the OS table", () => {
  for (const os of OS_NAMES) {
    it(`${os}: every fact carries a reference, a vendor URL or the package whose source shows it`, () => {
      for (const [name, fact] of factsOf(os)) {
        assert.ok(/https:\/\/\S+|package|source/.test(fact.ref), `${os} ${name}: ${JSON.stringify(fact.ref)}`);
      }
    });

    it(`${os}: the default base is a public /aws/service/ parameter for each architecture, or none with a reason`, () => {
      const base = OS_TABLE[os].defaultBase.value;
      if (base.kind === "none") assert.ok(base.why.length > 0);
      for (const arch of architecturesOf(os)) {
        const parameter = defaultBaseParameter(os, arch);
        if (base.kind === "ssm") assert.match(parameter ?? "", /^\/aws\/service\//, `${os} ${arch}`);
        else assert.equal(parameter, undefined);
      }
    });
  }

  it("has no default base for RHEL 9: neither AWS nor Red Hat documents a public parameter for it", () => {
    assert.equal(OS_TABLE["rhel-9"].defaultBase.value.kind, "none");
    assert.equal(defaultBaseParameter("rhel-9", "x86_64"), undefined);
  });
});
