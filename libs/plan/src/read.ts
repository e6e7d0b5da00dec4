// The one reader of the plan format. Every file is validated here, and every problem is one
// PlanFileError naming the file, so policy-check, verify, report, plan and plan:diff all say the same.
import * as fs from "node:fs";
import * as path from "node:path";
import { LAYERS, Layer } from "@fin/config";
import { PLAN_FILES, layerDir } from "./layout";
import { Environment, LayerPlan, Plan, PlanCounts, SynthMeta, plannedResources } from "./model";

/** A plan file is missing, is not JSON or is not in the plan format; the message names the file. */
export class PlanFileError extends Error {
  constructor(
    /** The file as shown in the message (relative to the workspace root). */
    readonly file: string,
    problem: string,
  ) {
    super(`${file} ${problem}`);
    this.name = "PlanFileError";
  }
}

/** What to run when a plan is missing or stale. */
export function synthHint(stack?: string): string {
  return `run \`npm run synth -- -c ${stack ?? "<env>"}\` first`;
}

/** A file as messages show it: relative to the workspace root (or as given, when it is the root itself). */
const show = (root: string, file: string): string => path.relative(root, file) || file;
const kindOf = (value: unknown): string => (Array.isArray(value) ? "array" : value === null ? "null" : typeof value);
const isObject = (value: unknown): value is Record<string, unknown> => kindOf(value) === "object";

function readJson(file: string, root: string, stack?: string): unknown {
  const shown = show(root, file);
  if (!fs.existsSync(file)) {
    throw new PlanFileError(shown, `does not exist: ${synthHint(stack)}`);
  }
  try {
    return JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (error) {
    throw new PlanFileError(shown, `is not valid JSON (${(error as Error).message}): ${synthHint(stack)}`);
  }
}

/** The first way `value` is not a plan, as a path and what was expected there; undefined when it is one. */
export function planProblem(value: unknown): string | undefined {
  if (!isObject(value)) {
    return `the document is ${kindOf(value)}, expected an object with steps`;
  }
  if (!Array.isArray(value.steps)) {
    return `steps is ${kindOf(value.steps)}, expected an array`;
  }
  for (const [i, step] of value.steps.entries()) {
    const at = `steps[${i}]`;
    if (!isObject(step)) {
      return `${at} is ${kindOf(step)}, expected an object`;
    }
    for (const key of ["op", "urn"]) {
      if (typeof step[key] !== "string") {
        return `${at}.${key} is ${kindOf(step[key])}, expected a string`;
      }
    }
    if (step.newState === undefined) {
      continue;
    }
    const state = step.newState;
    if (!isObject(state)) {
      return `${at}.newState is ${kindOf(state)}, expected an object`;
    }
    if (typeof state.type !== "string") {
      return `${at}.newState.type is ${kindOf(state.type)}, expected a string`;
    }
    if (state.inputs !== undefined && !isObject(state.inputs)) {
      return `${at}.newState.inputs is ${kindOf(state.inputs)}, expected an object`;
    }
  }
  return undefined;
}

/** Validates a parsed plan; `shown` names its file in the error. */
export function validatePlan(value: unknown, shown: string): Plan {
  const problem = planProblem(value);
  if (problem !== undefined) {
    throw new PlanFileError(shown, `is not a plan in the pulumi preview --json shape: ${problem}`);
  }
  return value as Plan;
}

/** Reads and validates one `preview.json` (synth's, or a real `pulumi preview --json`). */
export function readPlanFile(file: string, root: string, stack?: string): Plan {
  return validatePlan(readJson(file, root, stack), show(root, file));
}

function readObject(file: string, root: string, stack: string | undefined, what: string): Record<string, unknown> {
  const value = readJson(file, root, stack);
  if (!isObject(value)) {
    throw new PlanFileError(show(root, file), `is ${kindOf(value)}, expected ${what}`);
  }
  return value;
}

/** Reads `synth.json`: the project and stack a plan belongs to. */
export function readSynthMeta(file: string, root: string, stack?: string): SynthMeta {
  const meta = readObject(file, root, stack, "the synth record (project, stack, counts)");
  for (const key of ["project", "stack"]) {
    if (typeof meta[key] !== "string") {
      throw new PlanFileError(show(root, file), `has no ${key} (got ${JSON.stringify(meta[key]) ?? "nothing"}): ${synthHint(stack)}`);
    }
  }
  return {
    project: meta.project as string,
    stack: meta.stack as string,
    counts: (meta.counts ?? { total: 0, byOperation: {}, byType: {} }) as PlanCounts,
    offlineConfig: (meta.offlineConfig ?? []) as string[],
  };
}

/** Turns one layer's plan, record and mock outputs into the model the libs use. */
export function layerPlan(layer: Layer, plan: Plan, meta: Pick<SynthMeta, "project" | "stack">, outputs: Record<string, unknown>): LayerPlan {
  const providers = plan.steps.filter((s) => s.op === "create" && s.newState?.type === "pulumi:providers:aws");
  return {
    layer,
    project: meta.project,
    stack: meta.stack,
    plan,
    resources: plannedResources(layer, plan),
    stackReferences: plan.steps.filter((s) => s.newState?.type === "pulumi:pulumi:StackReference").map((s) => String(s.newState?.inputs?.["name"])),
    regions: [...new Set(providers.map((s) => String(s.newState?.inputs?.["region"])))],
    outputs,
  };
}

/** Reads `<distRoot>/<stack>/<layer>/{preview,synth,mock-outputs}.json`. */
export function readLayer(distRoot: string, stack: string, layer: Layer, root: string): LayerPlan {
  const dir = layerDir(distRoot, stack, layer);
  const plan = readPlanFile(path.join(dir, PLAN_FILES.preview), root, stack);
  const metaFile = path.join(dir, PLAN_FILES.meta);
  const meta = readSynthMeta(metaFile, root, stack);
  if (meta.stack !== stack) {
    throw new PlanFileError(show(root, metaFile), `says stack ${meta.stack}, but it lies in the ${stack} environment's directory: ${synthHint(stack)}`);
  }
  const outputs = readObject(path.join(dir, PLAN_FILES.mockOutputs), root, stack, "the mock stack outputs");
  return layerPlan(layer, plan, meta, outputs);
}

/** Every layer's plan of one environment, in deployment order. */
export function readEnvironment(distRoot: string, stack: string, root: string): Environment {
  return { stack, layers: LAYERS.map((layer) => readLayer(distRoot, stack, layer, root)) };
}

/**
 * Each layer synthesized in one environment directory, keyed `<project>/<stack>` from its
 * `synth.json`, with its mock outputs. A layer missing either file is left out: it was not
 * synthesized yet, and a StackReference to it fails as it would against an empty backend.
 */
export function synthesizedOutputs(environmentDir: string): Map<string, Record<string, unknown>> {
  const byProjectStack = new Map<string, Record<string, unknown>>();
  if (!fs.existsSync(environmentDir)) {
    return byProjectStack;
  }
  for (const layer of fs.readdirSync(environmentDir)) {
    const metaFile = path.join(environmentDir, layer, PLAN_FILES.meta);
    const outputsFile = path.join(environmentDir, layer, PLAN_FILES.mockOutputs);
    if (fs.existsSync(metaFile) && fs.existsSync(outputsFile)) {
      const meta = readSynthMeta(metaFile, "");
      byProjectStack.set(`${meta.project}/${meta.stack}`, readObject(outputsFile, "", undefined, "the mock stack outputs"));
    }
  }
  return byProjectStack;
}
