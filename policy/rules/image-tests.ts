/**
 * Every build is tested and scanned: the pipeline (and the first build the factory makes
 * directly) runs the recipe's test phases and Inspector's vulnerability scan.
 */
import { describe, isUnknown, recordOf, showInput } from "../inputs";
import { TYPES, type ResourceRule } from "./rule";

export const imageTestsAndScanning: ResourceRule = {
  kind: "resource",
  name: "image-tests-and-scanning",
  description:
    "Image pipelines and builds run image tests (imageTestsConfiguration.imageTestsEnabled, on by default) " +
    "and vulnerability scanning (imageScanningConfiguration.imageScanningEnabled, off by default).",
  enforcement: "mandatory",
  config: [],
  types: [TYPES.pipeline, TYPES.image],
  check(subject) {
    const problems: string[] = [];
    const tests = subject.inputs.imageTestsConfiguration;
    const testsEnabled = isUnknown(tests) ? tests : recordOf(tests)?.imageTestsEnabled;
    // Image Builder runs the tests unless told not to.
    if (testsEnabled === false || testsEnabled === "false") {
      problems.push(
        `${describe(subject)} skips image tests (imageTestsConfiguration.imageTestsEnabled ${showInput(testsEnabled)}); ` +
          `set imageTestsEnabled true so the SSH/RDP and root-login checks run on every build`,
      );
    }
    const scanning = subject.inputs.imageScanningConfiguration;
    const scanningEnabled = isUnknown(scanning) ? scanning : recordOf(scanning)?.imageScanningEnabled;
    if (!isUnknown(scanningEnabled) && scanningEnabled !== true && scanningEnabled !== "true") {
      const value = scanningEnabled === undefined ? "not set, so off" : showInput(scanningEnabled);
      problems.push(
        `${describe(subject)} does not scan builds for vulnerabilities (imageScanningConfiguration.imageScanningEnabled ` +
          `${value}); set imageScanningConfiguration.imageScanningEnabled true`,
      );
    }
    return problems;
  },
};
