/**
 * The Pulumi type tokens of the resources the stack registers, as @pulumi/aws and @pulumi/random
 * name them: written once for the code that reads planned resources by type.
 */
export const TYPE = {
  amiCopy: "aws:ec2/amiCopy:AmiCopy",
  grant: "aws:ec2/amiLaunchPermission:AmiLaunchPermission",
  profile: "aws:iam/instanceProfile:InstanceProfile",
  role: "aws:iam/role:Role",
  rolePolicy: "aws:iam/rolePolicy:RolePolicy",
  attachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
  component: "aws:imagebuilder/component:Component",
  distribution: "aws:imagebuilder/distributionConfiguration:DistributionConfiguration",
  pipeline: "aws:imagebuilder/imagePipeline:ImagePipeline",
  recipe: "aws:imagebuilder/imageRecipe:ImageRecipe",
  infrastructure: "aws:imagebuilder/infrastructureConfiguration:InfrastructureConfiguration",
  lifecycle: "aws:imagebuilder/lifecyclePolicy:LifecyclePolicy",
  alias: "aws:kms/alias:Alias",
  key: "aws:kms/key:Key",
  parameter: "aws:ssm/parameter:Parameter",
  kmsGrant: "aws:kms/grant:Grant",
  ec2Tag: "aws:ec2/tag:Tag",
  blockPublicAccess: "aws:ec2/imageBlockPublicAccess:ImageBlockPublicAccess",
  allowedImages: "aws:ec2/allowedImagesSettings:AllowedImagesSettings",
  provider: "pulumi:providers:aws",
  randomId: "random:index/randomId:RandomId",
  /**
   * Not registered by the factory (an Image Builder image was its first build until the schedule
   * replaced it): the policy pack checks any a stack holds, and the plan knows how they change.
   */
  image: "aws:imagebuilder/image:Image",
  /** Not registered by the factory: the policy pack checks any managed policy a stack holds. */
  iamPolicy: "aws:iam/policy:Policy",
  schedule: "aws:scheduler/schedule:Schedule",
  scheduleGroup: "aws:scheduler/scheduleGroup:ScheduleGroup",
} as const;
