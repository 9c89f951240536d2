/**
 * Stack outputs in `--base` plans: keys added, removed or changed; a `renamedFrom` rename keeps
 * the old keys; a rename without it gets a hint; dropping `renamedFrom` is called out.
 */
import { expect } from "chai";
import { stringify } from "yaml";
import { main } from "../../cli/plan";
import type { PlanDocument } from "../../plan/document";
import { diffOutputs, renameWarnings } from "../../plan/outputs";
import { exampleCatalog, ROOT, writeCatalog } from "../support/program";

async function planOf(head: unknown, base: unknown): Promise<PlanDocument> {
  let out = "";
  let err = "";
  const argv = ["--catalog", writeCatalog(stringify(head)), "--base", writeCatalog(stringify(base)), "--format", "json"];
  const code = await main(argv, { out: (t) => (out += t), err: (t) => (err += t) }, { cwd: ROOT });
  expect(code, err).to.equal(0);
  return JSON.parse(out) as PlanDocument;
}

function renamed(renamedFrom?: string[]): any {
  const catalog = exampleCatalog();
  const image = catalog.images.find((i: { name: string }) => i.name === "ubuntu-2204-data");
  image.name = "data-2204";
  if (renamedFrom) image.renamedFrom = renamedFrom;
  return catalog;
}

describe("stack outputs in the plan", function () {
  this.timeout(120_000);

  it("lists output keys added, removed and changed, removals first", () => {
    const base = { amis: { web: { stable: { "us-east-1": "ami-1" } }, old: { latest: { "us-east-1": "ami-2" } } } };
    const head = { amis: { web: { stable: { "us-east-1": "ami-3" } }, new: { latest: { "us-east-1": "ami-2" } } } };
    expect(diffOutputs(base, head)).to.deep.equal([
      { action: "remove", key: "amis.old.latest.us-east-1" },
      { action: "add", key: "amis.new.latest.us-east-1" },
      { action: "change", key: "amis.web.stable.us-east-1" },
    ]);
  });

  it("a rename with renamedFrom keeps every output key, and adds the new name's", async () => {
    const document = await planOf(renamed(["ubuntu-2204-data"]), exampleCatalog());
    const actions = new Set(document.outputChanges!.map((c) => c.action));
    expect(actions.has("remove"), JSON.stringify(document.outputChanges)).to.equal(false);
    expect(document.outputChanges!.map((c) => c.key)).to.include("amis.data-2204.latest.us-east-1");
    expect(document.warnings.filter((w) => w.includes("output key"))).to.deep.equal([]);
  });

  it("a rename without renamedFrom says which output keys go, and hints at renamedFrom", async () => {
    const document = await planOf(renamed(), exampleCatalog());
    expect(document.outputChanges!.filter((c) => c.action === "remove").map((c) => c.key)).to.include(
      "amis.ubuntu-2204-data.latest.us-east-1",
    );
    expect(document.warnings.join("\n")).to.contain("stack output keys removed (");
    expect(document.warnings).to.include(
      "image data-2204 arrives as image ubuntu-2204-data leaves: if it is ubuntu-2204-data renamed, add `renamedFrom: [ubuntu-2204-data]` to it, " +
        "or every resource of ubuntu-2204-data is deleted and made again under the new name",
    );
  });

  it("dropping renamedFrom while AWS names are still the old ones is called out with its replacements", () => {
    const image = { name: "data-2204", resourceName: "f/data-2204", os: "ubuntu-22.04", arch: "arm64" };
    const base = [{ ...image, formerNames: ["ubuntu-2204-data"] }];
    const head = [{ ...image, formerNames: [] }];
    expect(renameWarnings(base, head, ["f/data-2204", "f/data-2204/latest/eu-west-1", "data-2204/x", "other"])).to.deep.equal([
      "image data-2204 drops `renamedFrom: [ubuntu-2204-data]` while its AWS names are still ubuntu-2204-data's: " +
        "2 of its resources are replaced (new AWS names); keep renamedFrom to avoid it",
    ]);
  });
});
