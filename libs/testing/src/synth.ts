import * as fs from "node:fs";
import * as path from "node:path";
import { RecordedResource, StackOutputsByReference, runProgram, setupMocks } from "./harness";
import { loadPulumiProject } from "./pulumi-project";
import { loadStackConfig } from "./stack-config";

/** One step of `pulumi preview --json`, the fields our policy pack and report read. */
export interface PlanStep {
  readonly op: "create" | "read";
  readonly urn: string;
  readonly provider?: string;
  readonly newState: {
    readonly urn: string;
    readonly type: string;
    readonly custom: boolean;
    readonly id?: string;
    readonly parent?: string;
    readonly provider?: string;
    readonly protect: boolean;
    readonly retainOnDelete: boolean;
    readonly dependencies: readonly string[];
    readonly inputs: Record<string, unknown>;
  };
}

/** The shape of `pulumi preview --json` output, restricted to what is known offline. */
export interface Plan {
  readonly steps: PlanStep[];
  readonly changeSummary: Record<string, number>;
}

/** Written next to each plan so downstream synths know which project/stack it belongs to. */
export interface SynthMeta {
  readonly project: string;
  readonly stack: string;
  /** AWS resources in the plan (the stack, components and providers not counted). */
  readonly resources: number;
  /**
   * Config keys synth took from `offline/Pulumi.<stack>.yaml` instead of the stack file (for example
   * prod's placeholder certificate): the plan shows what the CLI would run once they are really set.
   */
  readonly offlineConfig: readonly string[];
}

/** The files synth writes per layer, and the policy verdict written after it (the Nx cache outputs). */
export const SYNTH_FILES = ["preview.json", "outputs.json", "synth.json", "policy.json"] as const;

export interface SynthRequest {
  /** The Pulumi project directory (holds Pulumi.yaml). */
  readonly stackDir: string;
  readonly stack: string;
  /** Where every layer's results go: `<distRoot>/<layer>/`. */
  readonly distRoot: string;
  /** Loads the program's entry point; the CLI passes `require` after registering ts-node as Pulumi does. */
  readonly load: (entryPoint: string) => unknown;
  /** Paths in messages are relative to this (the workspace root); default: the current directory. */
  readonly root?: string;
}

export interface SynthResult {
  readonly layer: string;
  readonly outDir: string;
  readonly plan: Plan;
  readonly outputs: Record<string, unknown>;
  readonly meta: SynthMeta;
}

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
  const changeSummary: Record<string, number> = {};
  for (const step of steps) {
    changeSummary[step.op] = (changeSummary[step.op] ?? 0) + 1;
  }
  return { steps, changeSummary };
}

/**
 * Each layer synthesized under `distRoot`, keyed `<project>/<stack>` from its `synth.json`, with the
 * `outputs.json` written beside it. A layer missing either file is left out.
 */
export function synthesizedOutputs(distRoot: string): Map<string, Record<string, unknown>> {
  const byProjectStack = new Map<string, Record<string, unknown>>();
  if (!fs.existsSync(distRoot)) {
    return byProjectStack;
  }
  for (const layer of fs.readdirSync(distRoot)) {
    const metaFile = path.join(distRoot, layer, "synth.json");
    const outputsFile = path.join(distRoot, layer, "outputs.json");
    if (fs.existsSync(metaFile) && fs.existsSync(outputsFile)) {
      const meta = JSON.parse(fs.readFileSync(metaFile, "utf8")) as SynthMeta;
      byProjectStack.set(`${meta.project}/${meta.stack}`, JSON.parse(fs.readFileSync(outputsFile, "utf8")) as Record<string, unknown>);
    }
  }
  return byProjectStack;
}

/** Upstream layers' synth outputs, keyed as this layer's StackReferences will name them. */
export function upstreamOutputs(distRoot: string, organization: string): StackOutputsByReference {
  return Object.fromEntries([...synthesizedOutputs(distRoot)].map(([projectStack, outputs]) => [`${organization}/${projectStack}`, outputs]));
}

/**
 * Runs one stack's program under Pulumi's mock runtime with its real stack config, and writes
 * `preview.json`, `outputs.json` and `synth.json` under `<distRoot>/<layer>/`. Nothing is written
 * when the program fails (bad config stops it before any resource).
 */
export async function synthStack(request: SynthRequest): Promise<SynthResult> {
  const layer = path.basename(path.resolve(request.stackDir));
  const outDir = path.join(request.distRoot, layer);
  // Only synth's own files: deploy writes outputs.<stack>.json into the same folder.
  for (const file of SYNTH_FILES) {
    fs.rmSync(path.join(outDir, file), { force: true });
  }

  // Pulumi.yaml and the stack file first, under the CLI's rules: a config it would refuse runs nothing.
  const project = loadPulumiProject(request.stackDir, request.root);
  const { values: config, offlineKeys } = loadStackConfig(request.stackDir, request.stack, { offline: true, root: request.root });
  const organization = config[`${project.name}:stackOrganization`] ?? "organization";
  const harness = await setupMocks({
    project: project.name,
    stack: request.stack,
    config: { ...config },
    stackOutputs: upstreamOutputs(request.distRoot, organization),
  });
  const entryPoint = path.resolve(request.stackDir, project.main);
  const outputs = await runProgram(() => request.load(entryPoint));

  const plan = toPlan(harness.resources);
  const meta: SynthMeta = {
    project: project.name,
    stack: request.stack,
    resources: harness.awsResources().length,
    offlineConfig: offlineKeys,
  };
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(path.join(outDir, "preview.json"), `${JSON.stringify(plan, null, 2)}\n`);
  fs.writeFileSync(path.join(outDir, "outputs.json"), `${JSON.stringify(outputs, null, 2)}\n`);
  fs.writeFileSync(path.join(outDir, "synth.json"), `${JSON.stringify(meta, null, 2)}\n`);
  return { layer, outDir, plan, outputs, meta };
}
