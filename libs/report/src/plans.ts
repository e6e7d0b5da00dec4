import * as fs from "node:fs";
import * as path from "node:path";
import type { Plan, SynthMeta } from "@fin/testing";

/** The layers in deployment order; the report needs every one of them. */
export const LAYERS = ["security", "network", "data", "compute"] as const;
export type Layer = (typeof LAYERS)[number];

/** One AWS (or other custom) resource a layer's plan creates. */
export interface PlannedResource {
  readonly layer: Layer;
  readonly urn: string;
  /** The logical name (last URN segment). */
  readonly name: string;
  readonly type: string;
  /** The id the synth's mock engine computed (ARN, name or generated id, as AWS would). */
  readonly id: string;
  readonly inputs: Readonly<Record<string, unknown>>;
}

export interface LayerPlan {
  readonly layer: Layer;
  readonly project: string;
  readonly stack: string;
  readonly resources: readonly PlannedResource[];
  /** `org/project/stack` names of the StackReferences this layer reads. */
  readonly stackReferences: readonly string[];
  /** The region of the layer's AWS provider(s). */
  readonly regions: readonly string[];
  readonly outputs: Readonly<Record<string, unknown>>;
}

/** The plans of one environment, all four layers synthesized for the same stack. */
export interface Environment {
  readonly stack: string;
  readonly layers: readonly LayerPlan[];
}

/** A plan is missing or unreadable: the message tells the user what to run. */
export class PlanError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PlanError";
  }
}

const SYNTH_HINT = "run `npm run synth` (or `npx nx run-many -t synth -c <env> --parallel=1`) first";

function readJson<T>(file: string, what: string): T {
  if (!fs.existsSync(file)) {
    throw new PlanError(`${file} not found: the ${what} is missing; ${SYNTH_HINT}`);
  }
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as T;
  } catch (error) {
    throw new PlanError(`${file} is not valid JSON (${(error as Error).message}); ${SYNTH_HINT}`);
  }
}

/** Turns one `pulumi preview --json` document into the layer's planned resources. */
export function layerPlan(layer: Layer, plan: Plan, meta: SynthMeta, outputs: Record<string, unknown>): LayerPlan {
  const created = plan.steps.filter((s) => s.op === "create" && s.newState.custom);
  const providers = created.filter((s) => s.newState.type.startsWith("pulumi:providers:"));
  return {
    layer,
    project: meta.project,
    stack: meta.stack,
    resources: created
      .filter((s) => !s.newState.type.startsWith("pulumi:"))
      .map((s) => ({
        layer,
        urn: s.urn,
        name: s.urn.slice(s.urn.lastIndexOf("::") + 2),
        type: s.newState.type,
        id: s.newState.id ?? "",
        inputs: s.newState.inputs,
      })),
    stackReferences: plan.steps
      .filter((s) => s.newState.type === "pulumi:pulumi:StackReference")
      .map((s) => String(s.newState.inputs["name"])),
    regions: [...new Set(providers.map((s) => String(s.newState.inputs["region"])))],
    outputs,
  };
}

/**
 * Reads `<distRoot>/<layer>/{preview,synth,outputs}.json` for every layer. A missing plan, or plans
 * synthesized for different stacks, stop the report with a message saying what to run.
 */
export function loadEnvironment(distRoot: string): Environment {
  const layers = LAYERS.map((layer) => {
    const dir = path.join(distRoot, layer);
    const plan = readJson<Plan>(path.join(dir, "preview.json"), `${layer} plan`);
    const meta = readJson<SynthMeta>(path.join(dir, "synth.json"), `${layer} synth record`);
    const outputs = readJson<Record<string, unknown>>(path.join(dir, "outputs.json"), `${layer} outputs`);
    return layerPlan(layer, plan, meta, outputs);
  });
  const stacks = [...new Set(layers.map((l) => l.stack))];
  if (stacks.length > 1) {
    const which = layers.map((l) => `${l.layer}=${l.stack}`).join(", ");
    throw new PlanError(`the plans under ${distRoot} belong to different stacks (${which}): synth every layer for one environment; ${SYNTH_HINT}`);
  }
  return { stack: stacks[0], layers };
}
