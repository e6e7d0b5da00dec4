// The synthesized plans of one environment (dist/<stack>/<layer>/, written by `npm run synth`), read
// through @fin/plan, so the emulator seed creates what the plan says, not a hand-written copy of it.
import * as path from "node:path";
import { LAYERS, Layer } from "@fin/config";
import { LayerPlan, PlanFileError, PlannedResource as PlanResource, readEnvironment } from "@fin/plan";
import { CONTRACT_KEYS, DeployedOutputs } from "./layers";
import { MissingPrerequisiteError } from "./outputs";

export const SYNTH_COMMAND = "npm run synth";

/** One AWS resource a layer's plan creates, with the id the synth's mock engine gave it. */
export type PlannedResource = PlanResource;

/** The four layers' plans of one stack. */
export interface SynthesizedPlans {
  readonly stack: string;
  readonly region: string;
  /** The account the synth ran as (it appears in bucket names and ARNs). */
  readonly account: string;
  readonly resources: { readonly [L in Layer]: readonly PlannedResource[] };
  /** What each layer would export, typed by the contracts (ids are the synth's, not AWS's). */
  readonly outputs: DeployedOutputs;
}

/** A plan file is missing, unreadable or lacks what the seed needs; the message says what to run. */
export class PlanError extends MissingPrerequisiteError {
  constructor(message: string, hint = true) {
    super(hint ? `${message}. Run \`${SYNTH_COMMAND}\` first (it writes dist/<stack>/<layer>/preview.json and mock-outputs.json)` : message);
    this.name = "PlanError";
  }
}

/**
 * Reads every layer's plan of `stack` from `<distRoot>/<stack>/` through @fin/plan. All four must
 * share one AWS region and carry the contract outputs, or the seed would mix environments.
 */
export function readSynthesizedPlans(distRoot: string, stack: string, workspaceRoot: string): SynthesizedPlans {
  let layers: readonly LayerPlan[];
  try {
    layers = readEnvironment(distRoot, stack, workspaceRoot).layers;
  } catch (error) {
    throw new PlanError((error as PlanFileError).message, false);
  }
  const files = Object.fromEntries(layers.map((l) => [l.layer, l])) as Record<Layer, LayerPlan>;
  for (const layer of LAYERS) {
    const missing = Object.keys(CONTRACT_KEYS[layer]).filter((k) => !(k in files[layer].outputs));
    if (missing.length > 0) {
      const file = path.relative(workspaceRoot, path.join(distRoot, stack, layer, "mock-outputs.json"));
      throw new PlanError(`${file} lacks contract outputs ${missing.join(", ")} (synthesized from an older revision?)`);
    }
  }
  const regions = LAYERS.map((layer) => `${layer}: ${files[layer].regions.join("|") || "none"}`);
  const region = files.security.regions[0];
  if (!LAYERS.every((layer) => files[layer].regions.every((r) => r === region)) || region === undefined) {
    throw new PlanError(`the plans in ${path.relative(workspaceRoot, path.join(distRoot, stack))} do not share one AWS region (${regions.join(", ")})`);
  }
  const resources = Object.fromEntries(LAYERS.map((layer) => [layer, files[layer].resources])) as unknown as SynthesizedPlans["resources"];
  const outputs = Object.fromEntries(LAYERS.map((layer) => [layer, files[layer].outputs])) as unknown as DeployedOutputs;
  return { stack, region, account: outputs.security.databaseKeyArn.split(":")[4], resources, outputs };
}

/** Every resource of `type` the layer plans, in plan order. */
export function planned(plans: SynthesizedPlans, layer: Layer, type: string): readonly PlannedResource[] {
  return plans.resources[layer].filter((r) => r.type === type);
}

/** The one resource of `type` the layer plans; anything else is a plan the seed does not understand. */
export function plannedOne(plans: SynthesizedPlans, layer: Layer, type: string): PlannedResource {
  const found = planned(plans, layer, type);
  if (found.length !== 1) {
    throw new PlanError(`the ${layer} plan has ${found.length} ${type} resources where the seed expects exactly one`);
  }
  return found[0];
}

/** The resource of `type` whose input `key` equals `value` (e.g. a bucket's versioning by bucket name), if planned. */
export function plannedFor(plans: SynthesizedPlans, layer: Layer, type: string, key: string, value: unknown): PlannedResource | undefined {
  return planned(plans, layer, type).find((r) => r.inputs[key] === value);
}

/** The value at a dotted path (`serverlessv2ScalingConfiguration.minCapacity`) of a plan value, if any. */
export function pick(value: unknown, keyPath: string): unknown {
  return keyPath.split(".").reduce<unknown>((v, key) => (typeof v === "object" && v !== null ? (v as Record<string, unknown>)[key] : undefined), value);
}

/** An optional input, by dotted path. */
export function input(resource: PlannedResource, keyPath: string): unknown {
  return pick(resource.inputs, keyPath);
}

type Kind = { string: string; number: number; boolean: boolean; array: unknown[]; object: Record<string, unknown> };

/** A required input of a given kind; a missing or mistyped one names the resource, the path and the value. */
export function required<K extends keyof Kind>(resource: PlannedResource, keyPath: string, kind: K): Kind[K] {
  const value = input(resource, keyPath);
  const actual = Array.isArray(value) ? "array" : value === null ? "null" : typeof value;
  if (actual !== kind) {
    throw new PlanError(`the ${resource.layer} plan's ${resource.type} ${resource.name} has no ${kind} input ${keyPath} (got ${JSON.stringify(value) ?? "nothing"})`);
  }
  return value as Kind[K];
}

/**
 * The synth's ids mapped to the ids the emulator assigned, so references between planned resources
 * (a service's subnets, a bucket's key) point at what was actually created. Strings that are not a
 * known id keep their value, with the synth's account swapped for the emulator's.
 */
export class IdMap {
  private readonly ids = new Map<string, string>();

  constructor(
    private readonly planAccount: string,
    private readonly account: string,
  ) {}

  set(planId: string, id: string): void {
    this.ids.set(planId, id);
  }

  /** The emulator's id for a planned one; an unknown id means the seed created resources out of order. */
  id(planId: unknown): string {
    const id = this.ids.get(String(planId));
    if (id === undefined) {
      throw new Error(`the seed has not created the planned resource ${String(planId)} yet`);
    }
    return id;
  }

  /** The emulator's ids for a planned list of ids. */
  many(planIds: unknown): string[] {
    return (planIds as unknown[]).map((planId) => this.id(planId));
  }

  /** A planned name or ARN with the account the emulator runs as (S3 names are global, so ours carry it). */
  name(value: string): string {
    return value.split(this.planAccount).join(this.account);
  }

  /** Deep copy of a plan value: known ids mapped, other strings renamed. */
  translate<T>(value: T): T {
    if (typeof value === "string") {
      return (this.ids.get(value) ?? this.name(value)) as T;
    }
    if (Array.isArray(value)) {
      return value.map((v) => this.translate(v)) as T;
    }
    if (typeof value === "object" && value !== null) {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.translate(v)])) as T;
    }
    return value;
  }
}
