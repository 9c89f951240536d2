/**
 * The deploy-time check of a base image: the AMI that an AMI id or an `ssm:` parameter names
 * must match the image's architecture and be a 64-bit HVM, EBS-backed image. Only AWS knows
 * the answer, so the components ask it with a data source and call this with what came back.
 */
import type { Arch } from "../tables/os-table";

/** The fields of `aws.ec2.getAmi`'s result this check reads. */
export interface AmiFacts {
  imageId?: string;
  architecture?: string;
  virtualizationType?: string;
  rootDeviceType?: string;
}

/** A message for the deployment log, or undefined when the base image is fit. */
export function checkBaseAmi(image: string, arch: Arch, base: string, ami: AmiFacts): string | undefined {
  const problems: string[] = [];
  // A field AWS did not report cannot be held against the image.
  if (ami.architecture !== undefined && ami.architecture !== arch) {
    problems.push(`its architecture is ${ami.architecture}, but the catalog says arch: ${arch}`);
  }
  if (ami.virtualizationType !== undefined && ami.virtualizationType !== "hvm") {
    problems.push(`it uses ${ami.virtualizationType} virtualization; only HVM images are built`);
  }
  if (ami.rootDeviceType !== undefined && ami.rootDeviceType !== "ebs") {
    problems.push(`its root device is ${ami.rootDeviceType}; only EBS-backed images are built`);
  }
  if (problems.length === 0) return undefined;
  const id = ami.imageId && ami.imageId !== base ? ` (${ami.imageId})` : "";
  return `image ${image}: base ${base}${id} cannot be used: ${problems.join("; ")}`;
}

/**
 * A pinned release AMI must be shareable: EC2 refuses to share an AMI whose snapshots are
 * encrypted with the AWS-managed EBS key (`aws/ebs`), and copies of it cannot be shared either
 * before they are re-encrypted. `keyManagers` holds, per encrypted snapshot, who manages its key
 * (`AWS` or `CUSTOMER`), as KMS reports it.
 */
export function checkShareable(
  image: string,
  channel: string,
  amiId: string,
  keyManagers: readonly string[],
): string | undefined {
  if (!keyManagers.includes("AWS")) return undefined;
  return (
    `image ${image}: channel ${channel} pins ${amiId}, whose snapshots are encrypted with the AWS-managed EBS key; ` +
    `EC2 cannot share it: copy it with a customer-managed key (the factory's alias/<factory>/<region>) and pin the copy`
  );
}
