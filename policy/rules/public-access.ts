/**
 * A public launch permission can only be made while the account's AMI block public access is
 * off in its region (on by default for new accounts; EC2 user guide, "Block public access to
 * your AMIs"): the stack must turn it off there, or the grant fails at deployment.
 */
import { describe, isUnknown, regionOf } from "../inputs";
import { PUBLIC_GROUP } from "./public-sharing";
import { TYPES, type StackRule } from "./rule";

export const publicSharingUnblocked: StackRule = {
  kind: "stack",
  name: "public-sharing-unblocked",
  description:
    'Every public launch permission (group "all") has the AMI block public access setting of its region in the ' +
    'stack, with state "unblocked".',
  enforcement: "mandatory",
  config: [],
  check(subjects) {
    const unblocked = new Set<string>();
    let unknown = false;
    for (const s of subjects) {
      if (s.type !== TYPES.imageBlockPublicAccess) continue;
      const region = regionOf(s);
      if (isUnknown(region) || isUnknown(s.inputs.state)) unknown = true;
      else if (s.inputs.state === "unblocked") unblocked.add(region ?? "");
    }
    if (unknown) return [];
    return subjects.flatMap((grant) => {
      if (grant.type !== TYPES.launchPermission || grant.inputs.group !== PUBLIC_GROUP) return [];
      const region = regionOf(grant);
      if (isUnknown(region) || unblocked.has(region ?? "")) return [];
      return [
        {
          subject: grant,
          message:
            `${describe(grant)} shares publicly in ${region ?? "its region"}, where the stack does not turn off AMI block ` +
            'public access; add an aws:ec2/imageBlockPublicAccess:ImageBlockPublicAccess with state "unblocked" in that region',
        },
      ];
    });
  },
};
