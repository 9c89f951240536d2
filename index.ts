/**
 * The ami-factory stack: read the stack's catalog, check it, expand it, build it.
 * An invalid catalog stops here with every problem listed, before any resource is registered.
 *
 * The program is a function: Pulumi calls it once the module is loaded and exports what it
 * returns as the stack's outputs. The SDK records the whole call stack of every resource it
 * registers, so a program that runs as the module loads pays for the loader's frames too, tens
 * of thousands of times in a large catalog (docs/bench/findings.md). It is async: the factory
 * is built over many turns of the event loop (components/pace.ts), and the stack's outputs wait
 * for the last image.
 */
import * as pulumi from "@pulumi/pulumi";
import { readCatalogOrExplain } from "./components/read-catalog";
import { AmiFactory } from "./components/ami-factory";
import { CATALOG_SETTING, DEFAULT_CATALOG } from "./catalog/tables/stack-settings";

export = async function amiFactory() {
  const config = new pulumi.Config();
  const plan = readCatalogOrExplain(config.get(CATALOG_SETTING) ?? DEFAULT_CATALOG);
  const factory = await AmiFactory.create(plan.factory, { plan });
  // A renamed image (`renamedFrom`) answers under its former names too, so that StackReference
  // consumers reading the old keys keep working across the rename.
  const formerNames = new Map(plan.images.map((image) => [image.name, image.formerNames]));
  const images = Object.entries(factory.images).flatMap(([name, image]) =>
    [name, ...(formerNames.get(name) ?? [])].map((key): [string, (typeof factory.images)[string]] => [key, image]),
  );
  return {
    /** Per image: its pipeline, the regions it is in, the principals it is shared with. */
    images: Object.fromEntries(
      images.map(([name, image]) => [name, { pipelineArn: image.pipelineArn, regions: image.regions, accounts: image.accounts }]),
    ),
    /** `amis[image][channel][region]` is the AMI id to launch: read it with a StackReference. */
    amis: Object.fromEntries(images.map(([name, image]) => [name, image.amis])),
  };
};
