import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { AccountSpec } from "../catalog/expand/factory-plan";
import { names } from "../catalog/render/names";
import { accountTrustPolicy, CROSS_ACCOUNT_ROLE_NAME, keyUsePolicy, MANAGED_POLICY } from "../catalog/render/access-policies";
import { distributionBoundaryArn } from "../catalog/render/distribution-boundary";
import { factoryChildOptions, type FactoryNaming } from "./options";
import { pacer, RESOURCES_PER_TURN } from "./pace";
import { PacedComponent } from "./paced-component";
import { CHAINED_SESSION } from "./timeouts";

export interface AccountAccessArgs extends FactoryNaming {
  /** The accounts the factory acts in, each with the role it assumes there. */
  accounts: readonly AccountSpec[];
  /** Region the providers default to; every resource still names its own region. */
  buildRegion: string;
  /** The factory's name: the session name of the assumed roles. */
  factory: string;
  /** The factory's own account: the one the distribution roles trust. */
  factoryAccountId: pulumi.Input<string>;
  /** The factory's key ARNs: target accounts need them to receive encrypted copies. */
  keyArns: pulumi.Input<string>[];
  /** Default tags of every provider, and tags of the roles. */
  tags: Record<string, string>;
}

/**
 * One explicit provider per account the factory acts in, through the role the catalog gives it,
 * and in each account that receives copies from the pipelines, the role Image Builder's
 * cross-account distribution requires.
 */
export class AccountAccess extends PacedComponent {
  /** Provider by account name. */
  readonly providers: ReadonlyMap<string, aws.Provider>;
  /** The cross-account distribution role's ARN by account name, in the accounts that receive copies. */
  readonly distributionRoleArns: ReadonlyMap<string, pulumi.Output<string>>;

  private readonly providerMap = new Map<string, aws.Provider>();
  private readonly roleArnMap = new Map<string, pulumi.Output<string>>();

  /**
   * The component once every provider and role exists: up to four resources an account, for
   * hundreds of accounts, made a few per turn (components/pace.ts).
   */
  static create(name: string, args: AccountAccessArgs, opts?: pulumi.ComponentResourceOptions): Promise<AccountAccess> {
    const access = new AccountAccess(name, opts);
    return PacedComponent.whenBuilt(access, access.build(args));
  }

  private constructor(name: string, opts?: pulumi.ComponentResourceOptions) {
    super("ami-factory:index:AccountAccess", name, {}, opts);
    this.providers = this.providerMap;
    this.distributionRoleArns = this.roleArnMap;
  }

  private async build(args: AccountAccessArgs): Promise<pulumi.Inputs> {
    const providers = this.providerMap;
    const roleArns = this.roleArnMap;
    const pace = pacer(RESOURCES_PER_TURN);
    for (const account of args.accounts) {
      const provider = new aws.Provider(
        account.providerName,
        {
          region: args.buildRegion as aws.Region,
          // Assumed from the deploy session: a chained session, which AWS caps at one hour.
          assumeRoles: [
            {
              roleArn: notTheFactoryAccount(account, args.factoryAccountId),
              sessionName: args.factory,
              duration: CHAINED_SESSION,
            },
          ],
          allowedAccountIds: [account.id],
          defaultTags: { tags: args.tags },
        },
        factoryChildOptions(this, args, account.providerName),
      );
      providers.set(account.name, provider);
      await pace();
      if (!account.distributionTarget) continue;

      const roleName = names.distributionRole(args.factory, account.id);
      const role = new aws.iam.Role(
        roleName,
        {
          name: CROSS_ACCOUNT_ROLE_NAME,
          description: `Lets ${args.factory}'s Image Builder pipelines copy AMIs into this account`,
          assumeRolePolicy: pulumi.output(args.factoryAccountId).apply(accountTrustPolicy),
          // The consumer role gives this role policies only while it carries the boundary, which
          // the consumer role's StackSet creates (catalog/render/distribution-boundary.ts).
          permissionsBoundary: distributionBoundaryArn(account.id, args.factory),
          tags: args.tags,
        },
        factoryChildOptions(this, args, roleName, { provider }),
      );
      roleArns.set(account.name, role.arn);
      await pace();
      new aws.iam.RolePolicyAttachment(
        roleName,
        { role: role.name, policyArn: MANAGED_POLICY.crossAccountDistribution },
        factoryChildOptions(this, args, roleName, { provider }),
      );
      await pace();
      new aws.iam.RolePolicy(
        roleName,
        { role: role.name, name: `${args.factory}-keys`, policy: pulumi.all(args.keyArns).apply(keyUsePolicy) },
        factoryChildOptions(this, args, roleName, { provider }),
      );
      await pace();
    }
    return {
      providers: Object.fromEntries([...providers].map(([account, provider]) => [account, provider.urn])),
      distributionRoleArns: Object.fromEntries(roleArns),
    };
  }
}

/**
 * The role to assume in an account, once the account is known not to be the factory's own: only
 * AWS knows that one, so the deployment fails here, before the provider is used. In its own
 * account the factory already writes each channel's SSM parameters, and the consumer parameters
 * it would write through the role have the same names in the same regions (PutParameter:
 * ParameterAlreadyExists).
 */
function notTheFactoryAccount(account: AccountSpec, factoryAccountId: pulumi.Input<string>): pulumi.Output<string> {
  return pulumi.output(factoryAccountId).apply((own) => {
    if (own !== account.id) return account.role;
    throw new pulumi.RunError(
      `account ${account.name} (${account.id}) is the factory's own account, where the factory publishes its SSM ` +
        "parameters itself; a role there would make it publish them twice under the same names: remove the account's role",
    );
  });
}
