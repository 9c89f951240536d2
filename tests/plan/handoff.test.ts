/**
 * The catalog plan hands to the program it runs (catalog/handoff.ts): the program's read of the
 * same file takes the plan the CLI expanded instead of loading the file again, only while the
 * file holds the bytes it was expanded from, and what it registers is the same either way.
 */
import { expect } from "chai";
import { readFileSync, writeFileSync } from "node:fs";
import { main } from "../../cli/plan";
import type { Streams } from "../../cli/entry";
import { handOver, handoffs, takeHandedOver } from "../../catalog/handoff";
import { CATALOG_KEY } from "../../plan/stack-config";
import { runProgram } from "../../offline/run-program";
import { planOf } from "../reliability/arbitrary";
import { deepFreeze, devConfig, EXAMPLE_CATALOG, exampleCatalog, ROOT, writeCatalog } from "../support/program";

const quiet: Streams = { out: () => undefined, err: () => undefined };

describe("the catalog plan hands to the program", () => {
  const text = readFileSync(EXAMPLE_CATALOG, "utf8");

  it("is taken by a read of the same path while the file holds the same bytes, once", () => {
    const file = writeCatalog(text);
    const plan = planOf(exampleCatalog());
    handOver(file, Buffer.from(text), plan);
    expect(takeHandedOver(file)).to.equal(plan);
    expect(takeHandedOver(file)).to.equal(undefined);
  });

  it("is not taken once the file has changed, nor by another path, and the offer ends", () => {
    const file = writeCatalog(text);
    handOver(file, Buffer.from(text), planOf(exampleCatalog()));
    writeFileSync(file, `${text}\n# edited after the check\n`);
    expect(takeHandedOver(file)).to.equal(undefined);

    const other = writeCatalog(text);
    handOver(file, Buffer.from(text), planOf(exampleCatalog()));
    expect(takeHandedOver(other)).to.equal(undefined);
    expect(takeHandedOver(file)).to.equal(undefined);
  });

  it("is what the program builds from: it does not load the file again", async () => {
    // The file holds the example; the plan handed over is that of a catalog with one image
    // renamed, so the program's resources show which one it built.
    const renamed = exampleCatalog();
    renamed.images[0].name = "handed-over";
    const file = writeCatalog(text);
    handOver(file, Buffer.from(text), planOf(renamed));
    const { resources } = await runProgram({ config: { ...devConfig(), [CATALOG_KEY]: file } });
    expect(resources.some((r) => r.name.includes("handed-over"))).to.equal(true);
  });

  it("makes the program register the same resources and outputs as loading the file does, and it is not changed", async () => {
    const config = { ...devConfig(), [CATALOG_KEY]: writeCatalog(text) };
    const loaded = await runProgram({ config });
    // Frozen: a component that changed the plan it was given would fail here.
    handOver(config[CATALOG_KEY], Buffer.from(text), deepFreeze(planOf(exampleCatalog())));
    const taken = handoffs.taken;
    const handed = await runProgram({ config });
    expect(handoffs.taken).to.equal(taken + 1);
    expect(handed.resources).to.deep.equal(loaded.resources);
    expect(handed.outputs).to.deep.equal(loaded.outputs);
  });

  it("is taken once per catalog by `plan`, and twice with a base file", async () => {
    const before = { ...handoffs };
    expect(await main(["--catalog", EXAMPLE_CATALOG, "--format", "json"], quiet, { cwd: ROOT })).to.equal(0);
    expect(handoffs.offered - before.offered).to.equal(1);
    expect(handoffs.taken - before.taken).to.equal(1);

    const base = exampleCatalog();
    base.images.pop();
    const again = { ...handoffs };
    const args = ["--catalog", EXAMPLE_CATALOG, "--base", writeCatalog(base), "--format", "json"];
    expect(await main(args, quiet, { cwd: ROOT })).to.equal(0);
    expect(handoffs.taken - again.taken).to.equal(2);
  });
});
