/**
 * The shape of one policy's pure logic: what it is called, how hard it enforces, which config
 * keys it reads and which resources it looks at. The Pulumi policy objects and `evaluate` are
 * both built from these, so a preview and `npm run plan` apply the same rules.
 */
import type { ConfigKey, PackConfig } from "../config";
import type { Subject } from "../inputs";

export type Enforcement = "mandatory" | "advisory";

interface RuleInfo {
  /** The policy's name in the pack (kebab-case, stable: teams configure it by this name). */
  name: string;
  description: string;
  enforcement: Enforcement;
  /** The config keys the policy reads. */
  config: readonly ConfigKey[];
}

/** Looks at one resource at a time. */
export interface ResourceRule extends RuleInfo {
  kind: "resource";
  /** Type tokens the rule applies to; other resources are not its business. */
  types: readonly string[];
  /** One message per problem: the resource, the bad value and the fix. */
  check(subject: Subject, config: PackConfig): string[];
}

/** Looks at the whole stack: a rule about what must exist next to something. */
export interface StackRule extends RuleInfo {
  kind: "stack";
  check(subjects: readonly Subject[], config: PackConfig): { subject: Subject; message: string }[];
}

export type Rule = ResourceRule | StackRule;

/** The type tokens the rules name, in one place. */
export const TYPES = {
  component: "aws:imagebuilder/component:Component",
  recipe: "aws:imagebuilder/imageRecipe:ImageRecipe",
  infrastructure: "aws:imagebuilder/infrastructureConfiguration:InfrastructureConfiguration",
  distribution: "aws:imagebuilder/distributionConfiguration:DistributionConfiguration",
  pipeline: "aws:imagebuilder/imagePipeline:ImagePipeline",
  lifecyclePolicy: "aws:imagebuilder/lifecyclePolicy:LifecyclePolicy",
  image: "aws:imagebuilder/image:Image",
  amiCopy: "aws:ec2/amiCopy:AmiCopy",
  launchPermission: "aws:ec2/amiLaunchPermission:AmiLaunchPermission",
  key: "aws:kms/key:Key",
  role: "aws:iam/role:Role",
  rolePolicy: "aws:iam/rolePolicy:RolePolicy",
  policy: "aws:iam/policy:Policy",
  rolePolicyAttachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
  instanceProfile: "aws:iam/instanceProfile:InstanceProfile",
  parameter: "aws:ssm/parameter:Parameter",
  imageBlockPublicAccess: "aws:ec2/imageBlockPublicAccess:ImageBlockPublicAccess",
} as const;
