import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { AmiFacts } from "../catalog/rules/base-check";
import type { BaseImage } from "../catalog/resolve/model";

/**
 * Asks AWS about each distinct base image once: most images of a catalog start from a few public
 * OS parameters, and one lookup per image would multiply the API calls (and, offline, the work of
 * the mock runtime) by the number of images.
 */
export class BaseImageLookup {
  private readonly answers = new Map<string, pulumi.Output<AmiFacts>>();

  /** @param parent the resource the lookups belong to */
  constructor(private readonly parent: pulumi.Resource) {}

  /** What EC2 says of the AMI an AMI-id or `ssm:` base names, in the build region. */
  facts(base: Exclude<BaseImage, { kind: "image-arn" }>, region: string): pulumi.Output<AmiFacts> {
    const key = `${region} ${base.kind === "ami" ? base.id : base.parameter}`;
    let answer = this.answers.get(key);
    if (answer === undefined) {
      const opts = { parent: this.parent };
      const amiId =
        base.kind === "ami" ? pulumi.output(base.id) : aws.ssm.getParameterOutput({ name: base.parameter, region }, opts).value;
      const ami = aws.ec2.getAmiOutput({ filters: [{ name: "image-id", values: [amiId] }], region }, opts);
      answer = pulumi
        .all([ami.imageId, ami.architecture, ami.virtualizationType, ami.rootDeviceType])
        .apply(([imageId, architecture, virtualizationType, rootDeviceType]) => ({
          imageId,
          architecture,
          virtualizationType,
          rootDeviceType,
        }));
      this.answers.set(key, answer);
    }
    return answer;
  }
}
