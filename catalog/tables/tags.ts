/**
 * Tag keys the factory sets on what it makes. Their own module, with no imports, so the policy
 * pack and the sweep can read them without loading the catalog's expansion (and yaml with it).
 */

/** `image` is also how pipelines' builds are found again. */
export const TAG = {
  image: "ami-factory:image",
  channel: "ami-factory:channel",
  os: "ami-factory:os",
  arch: "ami-factory:arch",
  sourceAmi: "ami-factory:source-ami",
  factory: "ami-factory:factory",
} as const;
