/**
 * What the Pulumi engine refuses and the SDK's mock monitor accepts: a URN registered twice, a
 * parent that was never registered, a custom resource whose explicit provider is of another
 * package or was never registered. The offline runner watches every registration the program
 * sends and reports these as the engine would, naming the resource, so `npm run plan` and the
 * tests fail on a program that `pulumi up` would stop.
 *
 * And one the engine accepts but a deployment must not depend on: a regional AWS resource that
 * names its region neither by its own `region` input nor through its explicit provider's
 * `region`. With `@pulumi/aws` v7 a resource's own `region` wins over its provider's ("Defaults
 * to the Region set in the provider configuration", on every regional resource's `region`); with
 * neither, the default provider's region decides, which is the `aws:region` or `AWS_REGION` of
 * whoever runs `pulumi up`.
 *
 * And aliases: two resources that answer to one URN, or a resource whose alias is another
 * resource's URN. The engine matches a resource to the stack's state by its URN, else by the
 * first of its aliases the state holds, and stops with "Duplicate resource alias" when that URN
 * is already registered or claimed by another resource (pulumi/pulumi
 * `pkg/resource/deploy/step_generator.go`, `getOldResource`). It only finds out against a state
 * that holds the URN, so an offline run checks every URN a resource may answer to: its aliases
 * (`collapseAliasToUrn`) and those it inherits from each URN its parent may answer to
 * (`generateAliases`, `inheritedChildAlias`).
 *
 * URNs are computed as the engine computes them (pulumi/pulumi `sdk/go/common/resource/urn.go`,
 * `NewURN`): `urn:pulumi:<stack>::<project>::<qualified type>::<name>`, where the qualified type
 * is the parent's qualified type, `$`, and the resource's own type, and the root stack adds
 * nothing. The mock monitor's own URNs keep only the parent's last type, so two resources the
 * engine tells apart can look alike there, and the other way round; the check uses its own.
 */
import { getMonitor } from "@pulumi/pulumi/runtime/settings";
import { packageOf, PROVIDER_PREFIX, regional } from "../contract/regional-types";

const ROOT_STACK = "pulumi:pulumi:Stack";

/** A protobuf Struct of inputs, as the request carries it: only the field read here. */
interface Inputs {
  getFieldsMap(): { get(key: string): { getStringValue(): string } | undefined };
}

/** An alias as the request carries it (pulumirpc.Alias): a URN, or a spec the engine completes. */
interface AliasRequest {
  getUrn(): string;
  getSpec(): { getName(): string; getType(): string; getParenturn(): string; getNoparent(): boolean } | undefined;
}

/** The part of a registration request the checks read (the SDK's RegisterResourceRequest, ReadResourceRequest). */
interface Registration {
  getType(): string;
  getName(): string;
  getParent(): string;
  getProvider(): string;
  getCustom?(): boolean;
  getObject?(): Inputs | undefined;
  getProperties?(): Inputs | undefined;
  getAliasesList?(): AliasRequest[];
}

type Callback = (error: Error | null, response?: unknown) => void;
type Send = (request: Registration, callback: Callback) => unknown;

/** A URN a resource may answer to besides its own, by its parts. */
interface Former {
  qualifiedType: string;
  name: string;
}

interface Registered {
  urn: string;
  qualifiedType: string;
  type: string;
  name: string;
  /** The other URNs it may answer to in a stack's state. */
  aliases: readonly Former[];
  /** The `region` input, when it has one (a computed value counts: it names a region at deploy). */
  region?: string;
}

/** The engine's qualified type of a resource, given its parent's ("" under the root stack). */
function qualifiedType(parentType: string, type: string): string {
  return parentType === "" || parentType === ROOT_STACK ? type : `${parentType}$${type}`;
}

/** The qualified type of a URN (`urn:pulumi:<stack>::<project>::<qualified type>::<name>`). */
function qualifiedTypeOf(urn: string): string {
  return urn.split("::")[2] ?? "";
}

/** The name of a URN: everything after its qualified type (a name may hold `::`). */
function nameOf(urn: string): string {
  return urn.split("::").slice(3).join("::");
}

function regionOf(request: Registration): string | undefined {
  const inputs = request.getObject?.() ?? request.getProperties?.();
  const region = inputs?.getFieldsMap().get("region")?.getStringValue();
  return region === "" ? undefined : region;
}

/**
 * Watches the registrations sent to the current mock monitor (install it right after
 * `setMocks`). `violations` lists what the engine would refuse, in the order it was sent.
 */
export class EngineInvariants {
  readonly violations: string[] = [];
  /** By the URN the mock monitor answered with, which is what later requests refer to. */
  private readonly byMockUrn = new Map<string, Registered>();
  private readonly engineUrns = new Set<string>();
  /** Every alias URN by the resource that answers to it. */
  private readonly claimed = new Map<string, string>();

  constructor(
    private readonly stack: string,
    private readonly project: string,
  ) {
    const monitor = getMonitor() as unknown as Record<"registerResource" | "readResource", Send> | undefined;
    if (!monitor) throw new Error("engine invariants: no mock monitor installed; call setMocks first");
    for (const method of ["registerResource", "readResource"] as const) {
      const send = monitor[method].bind(monitor);
      monitor[method] = (request, callback) => {
        const check = this.check(request);
        return send(request, (error, response) => {
          const urn = (response as { getUrn?: () => string } | undefined)?.getUrn?.();
          if (!error && urn && check) this.byMockUrn.set(urn, check);
          callback(error, response);
        });
      };
    }
  }

  /** Checks one registration; returns what it registers, for its children's checks. */
  private check(request: Registration): Registered | undefined {
    const type = request.getType();
    const name = request.getName();
    const parentUrn = request.getParent();
    const parent = parentUrn ? this.byMockUrn.get(parentUrn) : undefined;
    // An unknown parent's qualified type is read from its URN, to name the child as the engine would.
    const qualified = qualifiedType(parent?.qualifiedType ?? qualifiedTypeOf(parentUrn), type);
    const urn = this.urnOf({ qualifiedType: qualified, name });
    if (parentUrn && !parent) {
      this.violations.push(`${urn}: its parent ${parentUrn} was never registered; the Pulumi engine refuses an unknown parent`);
    }
    if (this.engineUrns.has(urn)) {
      this.violations.push(
        `${urn}: registered twice (type ${type}, name "${name}", same parent); the Pulumi engine refuses a duplicate URN`,
      );
    }
    this.engineUrns.add(urn);
    const claimant = this.claimed.get(urn);
    if (claimant !== undefined) {
      this.violations.push(
        `${urn}: ${claimant} answers to this URN as an alias; the Pulumi engine refuses a duplicate resource alias`,
      );
    }
    const aliases = this.aliasesOf(request, name, type, parent);
    this.checkAliases(urn, aliases);
    const custom = request.getCustom?.() ?? true;
    const region = regionOf(request);
    if (custom) {
      const provider = this.checkProvider(urn, type, request.getProvider());
      if (provider !== "unknown" && regional(type) && region === undefined) this.checkRegion(urn, provider);
    }
    return { urn, qualifiedType: qualified, type, name, aliases, ...(region === undefined ? {} : { region }) };
  }

  /** The engine's URN of a qualified type and name in this stack. */
  private urnOf({ qualifiedType, name }: Former): string {
    return `urn:pulumi:${this.stack}::${this.project}::${qualifiedType}::${name}`;
  }

  /**
   * Every URN other than its own the resource may answer to, as qualified type and name: each
   * alias, completed with the resource's name, type and parent where the spec leaves them out,
   * under the parent or any URN the parent may answer to; and the parent's former URNs with the
   * child below them, its name's prefix renamed as the parent was.
   */
  private aliasesOf(request: Registration, name: string, type: string, parent: Registered | undefined): Former[] {
    const own: Former[] = [];
    for (const alias of request.getAliasesList?.() ?? []) {
      const spec = alias.getSpec();
      const urn = alias.getUrn();
      if (urn || !spec) {
        own.push({ qualifiedType: qualifiedTypeOf(urn), name: nameOf(urn) });
        continue;
      }
      const aliasName = spec.getName() || name;
      const aliasType = spec.getType() || type;
      if (spec.getNoparent()) {
        own.push({ qualifiedType: aliasType, name: aliasName });
        continue;
      }
      const aliasParent = spec.getParenturn() ? this.byMockUrn.get(spec.getParenturn()) : parent;
      own.push({ qualifiedType: qualifiedType(aliasParent?.qualifiedType ?? "", aliasType), name: aliasName });
      for (const former of aliasParent?.aliases ?? []) {
        own.push({ qualifiedType: qualifiedType(former.qualifiedType, aliasType), name: aliasName });
      }
    }
    const formers = [...own];
    if (parent && parent.aliases.length > 0) {
      const children = [
        { type, name },
        ...own.map((a) => ({ type: a.qualifiedType.slice(a.qualifiedType.lastIndexOf("$") + 1), name: a.name })),
      ];
      for (const former of parent.aliases) {
        for (const child of children) {
          const renamed = child.name.startsWith(parent.name) ? former.name + child.name.slice(parent.name.length) : child.name;
          formers.push({ qualifiedType: qualifiedType(former.qualifiedType, child.type), name: renamed });
        }
      }
    }
    return formers;
  }

  /** No URN a resource may answer to is another resource's URN, or one another may answer to. */
  private checkAliases(urn: string, aliases: readonly Former[]): void {
    for (const former of aliases) {
      const alias = this.urnOf(former);
      if (alias === urn) continue;
      const other = this.engineUrns.has(alias) ? alias : this.claimed.get(alias);
      if (other === undefined) this.claimed.set(alias, urn);
      else if (other !== urn) {
        const what = other === alias ? "the URN of another resource" : `an alias of ${other} too`;
        this.violations.push(`${urn}: its alias ${alias} is ${what}; the Pulumi engine refuses a duplicate resource alias`);
      }
    }
  }

  /** The explicit provider, `undefined` for the default one, `unknown` when it is refused. */
  private checkProvider(urn: string, type: string, reference: string): Registered | undefined | "unknown" {
    if (!reference) return undefined;
    // `<provider URN>::<provider id>`
    const providerUrn = reference.slice(0, reference.lastIndexOf("::"));
    const provider = this.byMockUrn.get(providerUrn);
    if (!provider || !provider.type.startsWith(PROVIDER_PREFIX)) {
      this.violations.push(`${urn}: its provider ${providerUrn} was never registered as a provider`);
      return "unknown";
    }
    const wanted = packageOf(type);
    const given = packageOf(provider.type);
    if (wanted !== given) {
      this.violations.push(
        `${urn}: its provider ${provider.urn} is of package ${given}; a resource of type ${type} needs a provider of package ${wanted}`,
      );
      return "unknown";
    }
    return provider;
  }

  /** A regional resource without a `region` input takes its provider's, which must name one. */
  private checkRegion(urn: string, provider: Registered | undefined): void {
    if (provider?.region !== undefined) return;
    const through = provider ? `nor does its provider ${provider.urn}` : "and it uses the default provider";
    this.violations.push(
      `${urn}: names no region: it has no region input ${through}, so the aws:region or AWS_REGION of whoever runs pulumi up would decide where it goes (the engine accepts this; this runner does not)`,
    );
  }
}
