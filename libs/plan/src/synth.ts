import * as fs from "node:fs";
import * as path from "node:path";
import { RecordedResource, StackOutputsByReference, loadPulumiProject, loadStackConfig, runProgram, setupMocks } from "@fin/testing";
import { PLAN_FILES, SYNTH_FILES, environmentDir, layerDir } from "./layout";
import { Plan, PlanStep, SynthMeta, countPlan } from "./model";
import { synthesizedOutputs } from "./read";
import { guestHost } from "./shared-network";

export interface SynthRequest {
  /** The Pulumi project directory (holds Pulumi.yaml). */
  readonly stackDir: string;
  readonly stack: string;
  /** Where every environment's results go: `<distRoot>/<stack>/<layer>/`. */
  readonly distRoot: string;
  /** Loads the program's entry point; the CLI passes `require` after registering ts-node as Pulumi does. */
  readonly load: (entryPoint: string) => unknown;
  /** Paths in messages are relative to this (the workspace root); default: the current directory. */
  readonly root?: string;
  /**
   * Called, before the program runs, when this stack's network is a guest of `host` (ADR 0019): it
   * must leave the host's plans in `<distRoot>/<host>/`, whose outputs the guest's StackReference reads.
   */
  readonly prepareHost?: (host: string) => Promise<void>;
  /** This stack is synthesized as another stack's host: being a guest itself is an error (no chains, no cycles). */
  readonly asHost?: boolean;
}

export interface SynthResult {
  readonly layer: string;
  readonly outDir: string;
  readonly plan: Plan;
  readonly outputs: Record<string, unknown>;
  readonly meta: SynthMeta;
}

/** The recorded resources as `pulumi preview --json` steps, in registration order (the engine's). */
export function toPlan(resources: readonly RecordedResource[]): Plan {
  const steps: PlanStep[] = resources.map((r) => ({
    op: r.op,
    urn: r.urn,
    ...(r.provider ? { provider: r.provider } : {}),
    newState: {
      urn: r.urn,
      type: r.type,
      custom: r.custom,
      ...(r.custom ? { id: r.id } : {}),
      ...(r.parent ? { parent: r.parent } : {}),
      ...(r.provider ? { provider: r.provider } : {}),
      protect: r.protect,
      retainOnDelete: r.retainOnDelete,
      dependencies: r.dependsOn,
      inputs: r.inputs,
    },
  }));
  return { steps, changeSummary: countPlan({ steps }).byOperation };
}

/** Upstream layers' synth outputs, keyed as this layer's StackReferences will name them. */
export function upstreamOutputs(environmentDir: string, organization: string): StackOutputsByReference {
  return Object.fromEntries([...synthesizedOutputs(environmentDir)].map(([projectStack, outputs]) => [`${organization}/${projectStack}`, outputs]));
}

/**
 * Runs one stack's program under Pulumi's mock runtime with its real stack config, and writes
 * `preview.json`, `mock-outputs.json` and `synth.json` under `<distRoot>/<stack>/<layer>/`. Nothing is written
 * when the program fails (bad config stops it before any resource).
 */
export async function synthStack(request: SynthRequest): Promise<SynthResult> {
  const layer = path.basename(path.resolve(request.stackDir));
  const outDir = layerDir(request.distRoot, request.stack, layer);
  // Only synth's own files: deploy writes the deployed outputs.json into the same folder.
  for (const file of SYNTH_FILES) {
    fs.rmSync(path.join(outDir, file), { force: true });
  }

  // Pulumi.yaml and the stack file first, under the CLI's rules: a config it would refuse runs nothing.
  const project = loadPulumiProject(request.stackDir, request.root);
  const { values: config, offlineKeys } = loadStackConfig(request.stackDir, request.stack, { offline: true, root: request.root });
  const organization = config[`${project.name}:stackOrganization`] ?? "organization";
  const host = guestHost(project.name, request.stack, config);
  if (host !== undefined && request.asHost) {
    throw new Error(
      `${request.stack} is a guest of ${host} itself, but a stack other networks join must be a host (ADR 0019): ` +
        `give it the production profile, or make it its own sharedNetworkStack's default (pr-shared) with profile ephemeral`,
    );
  }
  if (host !== undefined) {
    await request.prepareHost?.(host);
  }
  const stackOutputs = {
    // A guest network reads its host environment's network; every other reference is to its own environment.
    ...(host === undefined ? {} : upstreamOutputs(environmentDir(request.distRoot, host), organization)),
    ...upstreamOutputs(environmentDir(request.distRoot, request.stack), organization),
  };
  const harness = await setupMocks({ project: project.name, stack: request.stack, config: { ...config }, stackOutputs });
  const entryPoint = path.resolve(request.stackDir, project.main);
  const outputs = await runProgram(() => request.load(entryPoint));

  const plan = toPlan(harness.resources);
  const meta: SynthMeta = {
    project: project.name,
    stack: request.stack,
    counts: countPlan(plan),
    offlineConfig: offlineKeys,
  };
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(path.join(outDir, PLAN_FILES.preview), `${JSON.stringify(plan, null, 2)}\n`);
  fs.writeFileSync(path.join(outDir, PLAN_FILES.mockOutputs), `${JSON.stringify(outputs, null, 2)}\n`);
  fs.writeFileSync(path.join(outDir, PLAN_FILES.meta), `${JSON.stringify(meta, null, 2)}\n`);
  return { layer, outDir, plan, outputs, meta };
}
