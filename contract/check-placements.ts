/**
 * Whether each AWS resource the program registered goes where the plan means it to
 * (catalog/expand/placements.ts): its effective region (its own `region` input, else its explicit
 * provider's, as `@pulumi/aws` v7 decides) is the plan's, and it is made through the provider of
 * the account the plan makes it in, or through none (the default provider: the factory's own
 * account) when the plan makes it there. A provider must assume its account's role. A regional
 * resource the plan does not place is reported too, so a new resource cannot go anywhere
 * unchecked. Pure: it reads what the offline runner recorded.
 */
import { placementKey, type Placement } from "../catalog/expand/placements";
import type { InputResource } from "./check-inputs";
import { packageOf, PROVIDER_PREFIX, regional } from "./regional-types";

/** A recorded resource, as the limits check reads it, and its explicit provider's name, if any. */
export type PlacedResource = InputResource & { provider?: string };

export interface PlacementProblem {
  type: string;
  name: string;
  message: string;
}

function accountText(placement: Placement): string {
  const account = placement.account;
  return account
    ? `account ${account.name} (${account.id}), through provider ${account.providerName}`
    : "the factory's own account, through the default provider";
}

/** The role a provider assumes. The engine hands a provider its object inputs as JSON text. */
function assumedRole(inputs: Record<string, unknown>): unknown {
  const value = inputs.assumeRoles;
  const roles: unknown = typeof value === "string" ? JSON.parse(value) : value;
  return Array.isArray(roles) ? (roles[0] as { roleArn?: unknown } | undefined)?.roleArn : undefined;
}

/** Every resource that is not where the plan means it to be. */
export function checkPlacements(
  resources: readonly PlacedResource[],
  placements: ReadonlyMap<string, Placement>,
): PlacementProblem[] {
  const problems: PlacementProblem[] = [];
  const providers = new Map(resources.filter((r) => r.type.startsWith(PROVIDER_PREFIX)).map((r) => [r.name, r]));
  for (const resource of resources) {
    if (!resource.custom || packageOf(resource.type) !== "aws") continue;
    const report = (message: string) => problems.push({ type: resource.type, name: resource.name, message });
    const placement = placements.get(placementKey(resource.type, resource.name));
    if (resource.type.startsWith(PROVIDER_PREFIX)) {
      const role = assumedRole(resource.inputs);
      if (placement?.account === undefined) report("the plan reaches no account through a provider of this name");
      else if (role !== placement.account.role) {
        report(
          `assumes ${typeof role === "string" ? role : "no role"}; the plan reaches account ${placement.account.name} through ${placement.account.role}`,
        );
      }
      continue;
    }
    if (placement === undefined) {
      if (regional(resource.type))
        report("the plan places no resource of this type and name; a regional resource must be one it places");
      else if (resource.provider !== undefined) {
        report(
          `is made through provider ${resource.provider}; the plan makes it in the factory's own account, through the default provider`,
        );
      }
      continue;
    }
    if (resource.provider !== placement.account?.providerName) {
      const through = resource.provider === undefined ? "the default provider" : `provider ${resource.provider}`;
      report(`is made through ${through}; the plan makes it in ${accountText(placement)}`);
    }
    if (placement.region === undefined) continue;
    const own = resource.inputs.region as string | undefined;
    const provider = resource.provider === undefined ? undefined : providers.get(resource.provider);
    const region = own ?? (provider?.inputs.region as string | undefined);
    if (region !== placement.region) {
      const from =
        own !== undefined ? "its region input" : provider ? `the region of its provider ${provider.name}` : "no region named";
      report(
        `goes to ${region ?? "whichever region the deployment defaults to"} (${from}); the plan puts it in ${placement.region}`,
      );
    }
  }
  return problems;
}
