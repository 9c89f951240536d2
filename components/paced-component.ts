import * as pulumi from "@pulumi/pulumi";

/**
 * A component whose resources are made over many turns (components/pace.ts) and which is handed
 * out only once they all exist, by a static `create` that calls `whenBuilt`.
 */
export abstract class PacedComponent extends pulumi.ComponentResource {
  /**
   * `component`, once `outputs` (its build) resolves. The outputs are registered at once: the SDK
   * registers empty outputs for a component that has registered none when its constructor
   * returns, and ignores a later call. A failed build rejects here, and only here.
   */
  protected static async whenBuilt<C extends PacedComponent>(component: C, outputs: Promise<pulumi.Inputs>): Promise<C> {
    component.registerOutputs(outputs.catch(() => ({})));
    await outputs;
    return component;
  }
}
