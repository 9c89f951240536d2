/**
 * AWS Marketplace's AMI guidelines recommend building AMIs in US East (N. Virginia). A build elsewhere works,
 * so this only warns; a team that builds elsewhere on purpose lists its region in the config.
 */
import { describe, isUnknown, regionOf } from "../inputs";
import { TYPES, type ResourceRule } from "./rule";
import { DEFAULT_BUILD_REGION } from "../../catalog/tables/regions";

export const buildRegion: ResourceRule = {
  kind: "resource",
  name: "build-region",
  description: `Pipelines and builds run in an allowed build region (default ${DEFAULT_BUILD_REGION}, as AWS Marketplace's AMI guidelines recommend).`,
  enforcement: "advisory",
  config: ["allowedBuildRegions"],
  types: [TYPES.pipeline, TYPES.image],
  check(subject, config) {
    const region = regionOf(subject);
    if (region === undefined || isUnknown(region) || config.allowedBuildRegions.includes(region)) return [];
    const allowed = config.allowedBuildRegions.join(", ") || "none";
    return [
      `${describe(subject)} builds in ${region}, not in an allowed build region (${allowed}); set \`buildRegion: ` +
        `${config.allowedBuildRegions[0] ?? DEFAULT_BUILD_REGION}\` in the catalog, or add ${region} to this policy's allowedBuildRegions`,
    ];
  },
};
