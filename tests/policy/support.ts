/**
 * Known-good resources, shaped like what the program registers, and the two ways of running a
 * policy on them: through the policy SDK's own entry points (`validateResource`,
 * `validateStack`, with hand-built args as the CLI would pass them) and through `evaluate`.
 * Each test changes one thing in a known-good resource.
 */
import {
  unknownCheckingProxy,
  type PolicyResource,
  type ResourceValidationArgs,
  type ResourceValidationPolicy,
  type StackValidationPolicy,
} from "@pulumi/policy";
import { policies, type EvaluatedResource, type PackConfig } from "../../policy/policies";
import type { Subject } from "../../policy/inputs";

/** The sentinel a real preview puts where a string is not known yet (the policy SDK's unknownStringValue). */
export const UNKNOWN_STRING = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export { T } from "../support/program";
import { T } from "../support/program";

const ref = (type: string, name: string, property = "arn") => `{{${type} ${name}.${property}}}`;
const component = (name: string) => ({ componentArn: ref(T.component, name) });

const TAGS = {
  owner: "platform-team",
  "ami-factory:image": "al2023-base",
  "ami-factory:os": "amazon-linux-2023",
  "ami-factory:arch": "x86_64",
  "ami-factory:factory": "ami-factory",
};
const WINDOWS_TAGS = { ...TAGS, "ami-factory:image": "windows-base", "ami-factory:os": "windows-2022" };
const KEY = ref("aws:kms/key:Key", "ami-factory/kms/us-east-1");

/** Fresh known-good resources, one per kind the policies look at. */
export function good() {
  return {
    recipe: {
      type: T.recipe,
      name: "al2023-base",
      inputs: {
        name: "al2023-base",
        version: "1.2.3",
        parentImage: "ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64",
        components: [
          component("ami-factory-linux-dnf-os-update"),
          component("ami-factory-linux-dnf-disable-root-login"),
          component("ami-factory-linux-dnf-login-user"),
          component("ami-factory-linux-dnf-ssh-port-22"),
        ],
        blockDeviceMappings: [
          {
            deviceName: "/dev/xvda",
            ebs: { deleteOnTermination: "true", encrypted: "true", kmsKeyId: KEY, volumeSize: 30, volumeType: "gp3" },
          },
        ],
        region: "us-east-1",
        tags: TAGS,
      },
    },
    windowsRecipe: {
      type: T.recipe,
      name: "windows-base",
      inputs: {
        name: "windows-base",
        version: "1.2.3",
        parentImage: "ssm:/aws/service/ami-windows-latest/Windows_Server-2022-English-Full-Base",
        components: [component("ami-factory-windows-os-update"), component("ami-factory-windows-rdp-port-3389")],
        blockDeviceMappings: [{ deviceName: "/dev/sda1", ebs: { encrypted: "true", kmsKeyId: KEY, volumeSize: 50 } }],
        region: "us-east-1",
        tags: WINDOWS_TAGS,
      },
    },
    infrastructure: {
      type: T.infrastructure,
      name: "al2023-base",
      inputs: {
        name: "al2023-base",
        instanceTypes: ["m7i.large"],
        terminateInstanceOnFailure: true,
        instanceMetadataOptions: { httpTokens: "required", httpPutResponseHopLimit: 1 },
        region: "us-east-1",
        tags: TAGS,
      },
    },
    distribution: {
      type: T.distribution,
      name: "al2023-base",
      inputs: {
        name: "al2023-base",
        distributions: [
          {
            region: "us-east-1",
            amiDistributionConfiguration: { name: "al2023-base-{{ imagebuilder:buildDate }}", kmsKeyId: KEY },
          },
          {
            region: "eu-west-1",
            amiDistributionConfiguration: {
              name: "al2023-base-{{ imagebuilder:buildDate }}",
              kmsKeyId: ref("aws:kms/key:Key", "ami-factory/kms/eu-west-1"),
            },
          },
        ],
        region: "us-east-1",
        tags: TAGS,
      },
    },
    pipeline: {
      type: T.pipeline,
      name: "al2023-base",
      inputs: {
        name: "al2023-base",
        imageRecipeArn: ref(T.recipe, "al2023-base"),
        imageTestsConfiguration: { imageTestsEnabled: true, timeoutMinutes: 720 },
        imageScanningConfiguration: { imageScanningEnabled: true },
        region: "us-east-1",
        tags: TAGS,
      },
    },
    image: {
      type: T.image,
      name: "al2023-base",
      inputs: {
        imageRecipeArn: ref(T.recipe, "al2023-base"),
        imageTestsConfiguration: { imageTestsEnabled: true, timeoutMinutes: 720 },
        imageScanningConfiguration: { imageScanningEnabled: true },
        region: "us-east-1",
        tags: TAGS,
      },
    },
    lifecycle: {
      type: T.lifecycle,
      name: "al2023-base",
      inputs: {
        name: "al2023-base",
        resourceType: "AMI_IMAGE",
        resourceSelection: { recipes: [{ name: "al2023-base", semanticVersion: "x.x.x" }] },
        status: "ENABLED",
        region: "us-east-1",
        tags: TAGS,
      },
    },
    windowsLifecycle: {
      type: T.lifecycle,
      name: "windows-base",
      inputs: {
        name: "windows-base",
        resourceType: "AMI_IMAGE",
        resourceSelection: { recipes: [{ name: "windows-base", semanticVersion: "x.x.x" }] },
        status: "ENABLED",
        region: "us-east-1",
        tags: WINDOWS_TAGS,
      },
    },
    amiCopy: {
      type: T.copy,
      name: "ami-factory/al2023-base/stable/eu-west-1",
      inputs: {
        name: "al2023-base-stable-ami-0abcdef1234567890",
        sourceAmiId: "ami-0abcdef1234567890",
        sourceAmiRegion: "us-east-1",
        region: "eu-west-1",
        encrypted: true,
        kmsKeyId: ref("aws:kms/key:Key", "ami-factory/kms/eu-west-1"),
        tags: { ...TAGS, "ami-factory:channel": "stable" },
      },
    },
    grant: {
      type: T.grant,
      name: "ami-factory/al2023-base/stable/us-east-1/444455556666",
      inputs: { imageId: "ami-0abcdef1234567890", region: "us-east-1", accountId: "444455556666" },
    },
    rolePolicy: {
      type: T.rolePolicy,
      name: "ami-factory/distribution-role/444455556666",
      inputs: {
        role: ref(T.role, "ami-factory/distribution-role/444455556666", "name"),
        name: "ami-factory-keys",
        policy: JSON.stringify({
          Version: "2012-10-17",
          Statement: [
            {
              Effect: "Allow",
              Action: ["kms:Decrypt", "kms:DescribeKey"],
              Resource: ["arn:aws:kms:us-east-1:111122223333:key/k"],
            },
          ],
        }),
      },
    },
    role: {
      type: T.role,
      name: "ami-factory-build-instance",
      inputs: {
        name: "ami-factory-build-instance",
        assumeRolePolicy: JSON.stringify({
          Version: "2012-10-17",
          Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }],
        }),
        tags: { owner: "platform-team" },
      },
    },
    attachment: {
      type: T.attachment,
      name: "ami-factory-build-instance/ssm-core",
      inputs: { role: "ami-factory-build-instance", policyArn: "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore" },
    },
  } satisfies Record<string, EvaluatedResource>;
}

/** A deep copy of the resource with one input changed (`undefined` removes it). Path: `a.0.b`. */
export function changed<R extends EvaluatedResource>(resource: R, path: string, value: unknown): R {
  const copy = structuredClone(resource);
  const keys = path.split(".");
  let at: any = copy.inputs;
  for (const key of keys.slice(0, -1)) at = at[key];
  const last = keys[keys.length - 1];
  if (value === undefined) delete at[last];
  else at[last] = value;
  return copy;
}

export function policyNamed(name: string): ResourceValidationPolicy & StackValidationPolicy {
  const policy = policies.find((p) => p.name === name);
  if (!policy) throw new Error(`no policy named ${name}`);
  return policy as ResourceValidationPolicy & StackValidationPolicy;
}

function notApplicable(reason?: string): never {
  throw new Error(`not applicable: ${reason}`);
}

/** The args the policy SDK would pass for one resource; `preview` wraps its props as a preview does. */
export function resourceArgs(
  resource: EvaluatedResource,
  config: Partial<PackConfig> = {},
  options: { preview?: boolean; provider?: Subject["providerInputs"] } = {},
): ResourceValidationArgs {
  const props = options.preview ? unknownCheckingProxy(resource.inputs) : resource.inputs;
  const urn = `urn:pulumi:dev::ami-factory::${resource.type}::${resource.name}`;
  return {
    type: resource.type,
    name: resource.name,
    urn,
    props,
    opts: {
      protect: false,
      ignoreChanges: [],
      aliases: [],
      customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
      additionalSecretOutputs: [],
    },
    provider: options.provider
      ? {
          type: T.provider,
          name: "account",
          urn: "urn:pulumi:dev::ami-factory::pulumi:providers:aws::account",
          props: options.provider,
        }
      : undefined,
    stackTags: new Map(),
    isType: () => false,
    asType: () => undefined,
    getConfig: <C extends object>() => config as C,
    notApplicable,
  };
}

/** The messages a resource policy reports through the SDK's entry point. */
export async function validate(
  policyName: string,
  resource: EvaluatedResource,
  config: Partial<PackConfig> = {},
  options: { preview?: boolean; provider?: Record<string, unknown> } = {},
): Promise<string[]> {
  const messages: string[] = [];
  const validation = policyNamed(policyName).validateResource;
  for (const validate of Array.isArray(validation) ? validation : [validation!]) {
    await validate(resourceArgs(resource, config, options), (message) => messages.push(message));
  }
  return messages;
}

/** The messages and the URNs a stack policy reports through the SDK's entry point. */
export async function validateStack(
  policyName: string,
  resources: EvaluatedResource[],
  config: Partial<PackConfig> = {},
): Promise<{ message: string; urn?: string }[]> {
  const reported: { message: string; urn?: string }[] = [];
  const policyResources: PolicyResource[] = resources.map((r) => {
    const args = resourceArgs(r, config);
    return { ...args, dependencies: [], propertyDependencies: {} };
  });
  await policyNamed(policyName).validateStack(
    { resources: policyResources, stackTags: new Map(), getConfig: <C extends object>() => config as C, notApplicable },
    (message, urn) => reported.push({ message, urn }),
  );
  return reported;
}
