// Where plans live: one directory per environment, `dist/<stack>/<layer>/`, so the dev and prod plans
// of the same layer sit side by side and one synth never overwrites another environment's.
import * as path from "node:path";

/** The files of one layer of one environment. */
export const PLAN_FILES = {
  /** The plan, in the shape of `pulumi preview --json`. */
  preview: "preview.json",
  /** The mock engine's stack outputs: what the next layer's StackReferences read offline. */
  mockOutputs: "mock-outputs.json",
  /** Project, stack, counts and offline config keys of the plan (`SynthMeta`). */
  meta: "synth.json",
  /** The policy pack's verdict on the plan (`policy-check --out`). */
  policy: "policy.json",
  /** A real deployment's `pulumi stack output --json`, written by `deploy` (never by synth). */
  deployedOutputs: "outputs.json",
} as const;

/** The files synth owns in a layer directory; it removes exactly these before writing. */
export const SYNTH_FILES = [PLAN_FILES.preview, PLAN_FILES.mockOutputs, PLAN_FILES.meta, PLAN_FILES.policy] as const;

/** `dist`, relative to the workspace root. */
export const DIST_DIR = "dist";

/** `<distRoot>/<stack>`: one environment's layers. */
export function environmentDir(distRoot: string, stack: string): string {
  return path.join(distRoot, stack);
}

/** `<distRoot>/<stack>/<layer>`. */
export function layerDir(distRoot: string, stack: string, layer: string): string {
  return path.join(distRoot, stack, layer);
}
