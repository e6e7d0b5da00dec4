import type * as pulumi from "@pulumi/pulumi";

/** What a producing stack exports: each contract key, as a value or an Output of it. */
export type StackOutputs<T> = { [K in keyof T]: pulumi.Input<T[K]> };

/** What a consuming stack reads: each contract key as an Output. */
export type LayerReference<T> = { readonly [K in keyof T]: pulumi.Output<T[K]> };

/** Every key of a contract, listed once; the Record type makes a forgotten key a compile error. */
export type ContractKeys<T> = Record<keyof T, true>;

/** The Pulumi project name of each layer (its Pulumi.yaml `name`). */
export const LAYER_PROJECTS = {
  security: "fin-security",
  network: "fin-network",
  data: "fin-data",
  compute: "fin-compute",
} as const;

export interface ReferenceTarget {
  /** `<org>` of the reference; "organization" on a self-managed backend. */
  readonly organization: string;
  /** The environment: every layer of one environment uses the same stack name. */
  readonly stack: string;
}

/** `<org>/<project>/<stack>`, the fully qualified name StackReference resolves. */
export function stackReferenceName(project: string, target: ReferenceTarget): string {
  return `${target.organization}/${project}/${target.stack}`;
}

/**
 * Reads an upstream layer's outputs through one StackReference. `requireOutput` (never
 * `getOutput`) so a key the upstream stack does not export fails the deployment loudly.
 */
export function readLayer<T>(
  project: string,
  keys: ContractKeys<T>,
  target: ReferenceTarget,
  opts?: pulumi.CustomResourceOptions,
): LayerReference<T> {
  const name = stackReferenceName(project, target);
  // @pulumi/pulumi is loaded here, not when @fin/contracts is imported: the plan's readers import this
  // library for LAYER_PROJECTS and the contracts' types only (ADR 0018, "Imports that stay pure").
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { StackReference } = require("@pulumi/pulumi") as typeof pulumi;
  const ref = new StackReference(name, { name }, opts);
  const entries = (Object.keys(keys) as Array<keyof T & string>).map((key) => [key, ref.requireOutput(key)]);
  return Object.fromEntries(entries) as LayerReference<T>;
}
