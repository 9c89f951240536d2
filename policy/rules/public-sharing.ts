/**
 * EC2's "public" kind of launch permission: every AWS account may launch the
 * AMI. Refused unless the team put the image on the pack's public allow-list.
 */
import type { PackConfig } from "../settings";
import { describe, imageNamesOf, isUnknown, listOf, recordOf, type Subject } from "../inputs";
import { TYPES, type ResourceRule } from "./rule";

/** The launch-permission group that means every AWS account. */
export const PUBLIC_GROUP = "all";

/** Whether the resource's image is on the public allow-list. */
export function isAllowedPublic(subject: Subject, config: PackConfig): boolean {
  return imageNamesOf(subject).some((name) => config.publicImages.includes(name));
}

function fix(image: string): string {
  return (
    `remove \`public: true\` from image "${image}" and its releases in the catalog, or, if every AWS account ` +
    `may really launch it, add "${image}" to the publicImages config of this policy`
  );
}

export const noPublicLaunchPermission: ResourceRule = {
  kind: "resource",
  name: "no-public-launch-permission",
  description:
    'No AMI is shared with every AWS account (launch permission group "all") unless its image is on the ' +
    "publicImages allow-list.",
  enforcement: "mandatory",
  config: ["publicImages"],
  types: [TYPES.launchPermission, TYPES.distribution],
  check(subject, config) {
    if (isAllowedPublic(subject, config)) return [];
    const image = imageNamesOf(subject)[0];
    if (subject.type === TYPES.launchPermission) {
      return subject.inputs.group === PUBLIC_GROUP
        ? [`${describe(subject)} shares image "${image}" with every AWS account (group "${PUBLIC_GROUP}"); ${fix(image)}`]
        : [];
    }
    const distributions = listOf(subject.inputs.distributions);
    if (isUnknown(distributions)) return [];
    return distributions.flatMap((item) => {
      const distribution = recordOf(item);
      const permission = recordOf(recordOf(distribution?.amiDistributionConfiguration)?.launchPermission);
      const groups = listOf(permission?.userGroups);
      if (isUnknown(groups) || !groups.includes(PUBLIC_GROUP)) return [];
      const region = typeof distribution?.region === "string" ? distribution.region : "its region";
      return [
        `${describe(subject)} shares every build of image "${image}" in ${region} with every AWS account ` +
          `(launchPermission.userGroups ["${PUBLIC_GROUP}"]); ${fix(image)}`,
      ];
    });
  },
};
