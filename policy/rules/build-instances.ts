/**
 * The instances Image Builder launches to build and test: they answer only IMDSv2 (session
 * tokens) and do not linger when a build fails.
 */
import { describe, isUnknown, recordOf, showInput } from "../inputs";
import { TYPES, type ResourceRule } from "./rule";

export const buildInstancesRequireImdsv2: ResourceRule = {
  kind: "resource",
  name: "build-instances-require-imdsv2",
  description: 'Build and test instances require IMDSv2 (instanceMetadataOptions.httpTokens "required").',
  enforcement: "mandatory",
  config: [],
  types: [TYPES.infrastructure],
  check(subject) {
    const options = subject.inputs.instanceMetadataOptions;
    if (isUnknown(options)) return [];
    const httpTokens = recordOf(options)?.httpTokens;
    if (isUnknown(httpTokens) || httpTokens === "required") return [];
    const value = httpTokens === undefined ? 'not set, so "optional"' : showInput(httpTokens);
    return [
      `${describe(subject)} lets build instances use IMDSv1 (instanceMetadataOptions.httpTokens ${value}); ` +
        `set instanceMetadataOptions.httpTokens "required"`,
    ];
  },
};

export const terminateBuildInstancesOnFailure: ResourceRule = {
  kind: "resource",
  name: "terminate-build-instances-on-failure",
  description: "Infrastructure configurations terminate the build instance when a build fails (terminateInstanceOnFailure true).",
  enforcement: "mandatory",
  config: [],
  types: [TYPES.infrastructure],
  check(subject) {
    const terminate = subject.inputs.terminateInstanceOnFailure;
    if (isUnknown(terminate) || terminate === true || terminate === "true") return [];
    const value = terminate === undefined ? "not set, so false" : showInput(terminate);
    return [
      `${describe(subject)} keeps a failed build's instance running (terminateInstanceOnFailure ${value}); ` +
        `set terminateInstanceOnFailure true`,
    ];
  },
};
