import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import type { ComponentSpec } from "../catalog/expand/factory-plan";

/**
 * An Image Builder component the factory writes, from its spec. Components are immutable: its
 * version is a hash of its document, so an edit is a new component version, never an update.
 */
export function managedComponent(
  spec: ComponentSpec,
  region: string,
  tags: Record<string, string>,
  opts: pulumi.CustomResourceOptions,
): aws.imagebuilder.Component {
  return new aws.imagebuilder.Component(
    spec.resourceName,
    {
      name: spec.name,
      version: spec.version,
      platform: spec.platform,
      description: spec.description,
      data: spec.data,
      region,
      tags,
    },
    opts,
  );
}
