/**
 * Build volumes, distributed AMIs and release copies are encrypted with a customer-managed KMS
 * key. The AWS-managed EBS key (what EC2 uses when no key is named) cannot be shared with other
 * accounts, so an AMI encrypted with it can be launched by no one else. An image on the public
 * allow-list is exempt: EC2 refuses to share an encrypted AMI publicly.
 */
import { describe, imageNamesOf, isUnknown, listOf, recordOf, showInput, type Subject } from "../inputs";
import { isAllowedPublic } from "./public-sharing";
import { TYPES, type ResourceRule } from "./rule";

/** `alias/aws/ebs`, as an alias name or an alias ARN: AWS-managed keys all live under `alias/aws/`. */
const AWS_MANAGED_ALIAS = /(^|:)alias\/aws\//;

/** What is wrong with a key reference, or undefined when it names a customer-managed key (or cannot be known). */
function keyProblem(kmsKeyId: unknown, field: string): string | undefined {
  if (isUnknown(kmsKeyId)) return undefined;
  if (kmsKeyId === undefined || kmsKeyId === null || kmsKeyId === "") {
    return `with the AWS-managed EBS key (${field} not set), which cannot be shared with other accounts`;
  }
  if (typeof kmsKeyId === "string" && AWS_MANAGED_ALIAS.test(kmsKeyId)) {
    return `with the AWS-managed key ${showInput(kmsKeyId)} (${field}), which cannot be shared with other accounts`;
  }
  return undefined;
}

/** The catalog-level fix: the factory leaves an image unencrypted only when the catalog makes it public. */
function exemption(subject: Subject): string {
  const image = imageNamesOf(subject)[0];
  return (
    `. Only a public image may stay unencrypted (EC2 cannot share an encrypted AMI publicly): remove \`public: true\` ` +
    `from image "${image}" in the catalog, or, if it must be public, add "${image}" to this policy's publicImages allow-list`
  );
}

function recipeProblems(subject: Subject): string[] {
  const mappings = listOf(subject.inputs.blockDeviceMappings);
  if (isUnknown(mappings)) return [];
  const volumes = mappings.flatMap((item) => {
    const mapping = recordOf(item);
    if (mapping?.ebs === undefined) return [];
    return [{ device: typeof mapping.deviceName === "string" ? mapping.deviceName : "(no device name)", ebs: mapping.ebs }];
  });
  if (volumes.length === 0) {
    return [
      `${describe(subject)} maps no EBS volume, so its builds keep the base image's root volume, unencrypted or ` +
        `encrypted with an AWS-managed key; map the root device with ebs.encrypted "true" and ebs.kmsKeyId ` +
        `set to the factory's customer-managed key${exemption(subject)}`,
    ];
  }
  return volumes.flatMap(({ device, ebs }) => {
    if (isUnknown(ebs)) return [];
    const { encrypted, kmsKeyId } = recordOf(ebs) ?? {};
    if (isUnknown(encrypted)) return [];
    if (encrypted !== "true" && encrypted !== true) {
      return [
        `${describe(subject)} builds on an unencrypted volume ${device} (ebs.encrypted ${showInput(encrypted)}); ` +
          `set ebs.encrypted "true" and ebs.kmsKeyId to the factory's customer-managed key${exemption(subject)}`,
      ];
    }
    const problem = keyProblem(kmsKeyId, "ebs.kmsKeyId");
    return problem
      ? [`${describe(subject)} encrypts volume ${device} ${problem}; set ebs.kmsKeyId to the factory's customer-managed key`]
      : [];
  });
}

function distributionProblems(subject: Subject): string[] {
  const distributions = listOf(subject.inputs.distributions);
  if (isUnknown(distributions)) return [];
  return distributions.flatMap((item) => {
    const distribution = recordOf(item);
    const region = typeof distribution?.region === "string" ? distribution.region : "(no region)";
    const ami = distribution?.amiDistributionConfiguration;
    if (isUnknown(ami)) return [];
    const problem = keyProblem(recordOf(ami)?.kmsKeyId, "amiDistributionConfiguration.kmsKeyId");
    return problem
      ? [
          `${describe(subject)} distributes builds to ${region} encrypted ${problem}; set ` +
            `amiDistributionConfiguration.kmsKeyId to the factory's customer-managed key in ${region}${exemption(subject)}`,
        ]
      : [];
  });
}

function copyProblems(subject: Subject): string[] {
  const { encrypted, kmsKeyId } = subject.inputs;
  if (isUnknown(encrypted)) return [];
  if (encrypted !== true && encrypted !== "true") {
    return [
      `${describe(subject)} makes an unencrypted copy (encrypted ${showInput(encrypted)}); set encrypted true and ` +
        `kmsKeyId to the factory's customer-managed key in the copy's region${exemption(subject)}`,
    ];
  }
  const problem = keyProblem(kmsKeyId, "kmsKeyId");
  return problem ? [`${describe(subject)} encrypts the copy ${problem}; set kmsKeyId to the factory's customer-managed key`] : [];
}

export const encryptedWithCustomerManagedKey: ResourceRule = {
  kind: "resource",
  name: "encrypted-with-customer-managed-key",
  description:
    "Build volumes, distributed AMIs and AMI copies are encrypted with a customer-managed KMS key: the " +
    "AWS-managed EBS key cannot be shared with other accounts. Images on the publicImages allow-list are " +
    "exempt, because EC2 cannot share an encrypted AMI publicly.",
  enforcement: "mandatory",
  config: ["publicImages"],
  types: [TYPES.recipe, TYPES.distribution, TYPES.amiCopy],
  check(subject, config) {
    if (isAllowedPublic(subject, config)) return [];
    switch (subject.type) {
      case TYPES.recipe:
        return recipeProblems(subject);
      case TYPES.distribution:
        return distributionProblems(subject);
      case TYPES.amiCopy:
        return copyProblems(subject);
      default:
        return [];
    }
  },
};
