/**
 * The ami-factory stack: read the stack's catalog, check it, expand it, build it.
 * An invalid catalog stops here with every problem listed, before any resource is registered.
 */
import * as pulumi from "@pulumi/pulumi";
import { readCatalogOrExplain } from "./components/read-catalog";
import { AmiFactory } from "./components/ami-factory";

const config = new pulumi.Config();
const plan = readCatalogOrExplain(config.get("catalog") ?? "config/catalog.yaml");
const factory = new AmiFactory(plan.factory, { plan });

/** Per image: its pipeline, the regions it is in, the principals it is shared with. */
export const images = Object.fromEntries(
  Object.entries(factory.images).map(([name, image]) => [
    name,
    { pipelineArn: image.pipelineArn, regions: image.regions, accounts: image.accounts },
  ]),
);
/** `amis[image][channel][region]` is the AMI id to launch: read it with a StackReference. */
export const amis = Object.fromEntries(Object.entries(factory.images).map(([name, image]) => [name, image.amis]));
