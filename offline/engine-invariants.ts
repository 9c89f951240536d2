/**
 * What the Pulumi engine refuses and the SDK's mock monitor accepts: a URN registered twice, a
 * parent that was never registered, a custom resource whose explicit provider is of another
 * package or was never registered. The offline runner watches every registration the program
 * sends and reports these as the engine would, naming the resource, so `npm run plan` and the
 * tests fail on a program that `pulumi up` would stop.
 *
 * URNs are computed as the engine computes them (pulumi/pulumi `sdk/go/common/resource/urn.go`,
 * `NewURN`): `urn:pulumi:<stack>::<project>::<qualified type>::<name>`, where the qualified type
 * is the parent's qualified type, `$`, and the resource's own type, and the root stack adds
 * nothing. The mock monitor's own URNs keep only the parent's last type, so two resources the
 * engine tells apart can look alike there, and the other way round; the check uses its own.
 */
import { getMonitor } from "@pulumi/pulumi/runtime/settings";

const ROOT_STACK = "pulumi:pulumi:Stack";
const PROVIDER_PREFIX = "pulumi:providers:";

/** The part of a registration request the checks read (the SDK's RegisterResourceRequest). */
interface Registration {
  getType(): string;
  getName(): string;
  getParent(): string;
  getProvider(): string;
  getCustom?(): boolean;
}

type Callback = (error: Error | null, response?: unknown) => void;
type Send = (request: Registration, callback: Callback) => unknown;

interface Registered {
  urn: string;
  qualifiedType: string;
  type: string;
}

/** The engine's qualified type of a resource, given its parent's ("" under the root stack). */
function qualifiedType(parentType: string, type: string): string {
  return parentType === "" || parentType === ROOT_STACK ? type : `${parentType}$${type}`;
}

/** `aws` of `aws:ssm/parameter:Parameter`, and of the provider type `pulumi:providers:aws`. */
function packageOf(type: string): string {
  return type.startsWith(PROVIDER_PREFIX) ? type.slice(PROVIDER_PREFIX.length) : type.split(":")[0];
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
    const qualified = qualifiedType(parent?.qualifiedType ?? parentUrn.split("::")[2] ?? "", type);
    const urn = `urn:pulumi:${this.stack}::${this.project}::${qualified}::${name}`;
    if (parentUrn && !parent) {
      this.violations.push(`${urn}: its parent ${parentUrn} was never registered; the Pulumi engine refuses an unknown parent`);
    }
    if (this.engineUrns.has(urn)) {
      this.violations.push(
        `${urn}: registered twice (type ${type}, name "${name}", same parent); the Pulumi engine refuses a duplicate URN`,
      );
    }
    this.engineUrns.add(urn);
    const custom = request.getCustom?.() ?? true;
    if (custom) this.checkProvider(urn, type, request.getProvider());
    return { urn, qualifiedType: qualified, type };
  }

  private checkProvider(urn: string, type: string, reference: string): void {
    if (!reference) return;
    // `<provider URN>::<provider id>`
    const providerUrn = reference.slice(0, reference.lastIndexOf("::"));
    const provider = this.byMockUrn.get(providerUrn);
    if (!provider || !provider.type.startsWith(PROVIDER_PREFIX)) {
      this.violations.push(`${urn}: its provider ${providerUrn} was never registered as a provider`);
      return;
    }
    const wanted = packageOf(type);
    const given = packageOf(provider.type);
    if (wanted !== given) {
      this.violations.push(
        `${urn}: its provider ${provider.urn} is of package ${given}; a resource of type ${type} needs a provider of package ${wanted}`,
      );
    }
  }
}
