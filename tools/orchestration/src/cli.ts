// `pulumi-stack <command> <projectRoot> --stack=<name> [--confirm=<stack>] [pulumi flags]`: one
// Pulumi CLI run for one layer, the command behind the stacks' Nx targets. Ordering between layers
// is not done here: it is Nx's task graph (deploy dependsOn ^deploy, destroy dependsOn the
// downstream layers' destroy). What is done here is refusing, before the command runs, what would
// lose data by accident (guards.ts, ADR 0011).
import fs from "node:fs";
import path from "node:path";
import { SHARED_NETWORK_STACK } from "@fin/naming";
import { driftFile, liveAuditArgs, outputsFile, parseInvocation, PulumiCall, pulumiCalls } from "./commands";
import { driftReport } from "./drift";
import { UsageError } from "./flags";
import { Ask, checkDependents, checkProtectedDeploy, checkProtectedDestroy, checkSharedNetworkGuests, checkSuffix, GuardContext, Refusal, REFUSED_STATUS } from "./guards";
import { Env, pulumiEnv, resolvePulumi, Runner, spawnRunner } from "./pulumi-cli";
import { routeFlags } from "./urn";
import { committedStacks, readLayers, readStackSettings } from "./workspace";

export interface CliContext {
  /** Nx runs target commands from the workspace root. */
  readonly workspaceRoot: string;
  readonly env: Env;
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  readonly runner?: Runner;
  readonly resolve?: (env: Env, workspaceRoot: string) => string;
  /** The node binary that runs the live audit (tests pin it). */
  readonly node?: string;
  readonly now?: () => Date;
}

/**
 * Returns the exit status to end the process with: Pulumi's own when it fails, 2 for bad usage,
 * 3 for a refusal (nothing destructive ran), 1 for anything else.
 */
export function runCli(argv: readonly string[], context: CliContext): number {
  const { workspaceRoot, env, out, err } = context;
  const runner = context.runner ?? spawnRunner;
  try {
    const invocation = parseInvocation(argv);
    const { self, layers } = readLayers(workspaceRoot, invocation.projectRoot);
    const routed = routeFlags(
      invocation.flags,
      invocation.stack,
      self.project,
      layers.map((l) => l.project),
    );
    if (routed.skip !== undefined) {
      out(routed.skip);
      return 0;
    }
    // The shared network's environment has only the layers with a committed Pulumi.pr-shared.yaml
    // (security, network; ADR 0019): data and compute refuse that stack in their config, so a
    // `run-many` over it, or a network destroy's dependsOn on their destroy, has nothing to run there.
    if (invocation.stack === SHARED_NETWORK_STACK && !committedStacks(self).includes(SHARED_NETWORK_STACK)) {
      out(`${self.root}: stack ${SHARED_NETWORK_STACK} is the network the ephemeral environments share and has no ${self.name} layer (ADR 0019): nothing to ${invocation.command}`);
      return 0;
    }
    const pulumi = (context.resolve ?? resolvePulumi)(env, workspaceRoot);
    const childEnv = pulumiEnv(env);
    const run = (root: string, call: PulumiCall) => {
      out(`> (cd ${root} && pulumi ${call.args.join(" ")})`);
      return runner(pulumi, call.args, { cwd: path.resolve(workspaceRoot, root), env: childEnv, capture: call.capture });
    };
    const ask: Ask = (layer, call) => run(layer.root, call);
    const guard: GuardContext = {
      invocation,
      self,
      layers,
      settings: readStackSettings(workspaceRoot, self, invocation.stack),
      flags: routed.flags,
      env,
      ask,
      warn: err,
    };
    checkSuffix(guard);
    checkProtectedDestroy(guard);
    checkDependents(guard);
    checkSharedNetworkGuests(guard);
    const planStatus = checkProtectedDeploy(guard);
    if (planStatus !== 0) {
      err(`pulumi preview --json failed for ${invocation.projectRoot} (stack ${invocation.stack}) with exit status ${planStatus}: nothing was deployed`);
      return planStatus;
    }
    if (invocation.command === "audit") {
      return audit(context, invocation, (call) => run(invocation.projectRoot, call), runner);
    }
    for (const call of pulumiCalls(invocation, routed.flags)) {
      const result = run(invocation.projectRoot, call);
      if (result.status !== 0) {
        err(`pulumi ${call.args[0]} failed for ${invocation.projectRoot} (stack ${invocation.stack}) with exit status ${result.status}`);
        return result.status;
      }
      if (call.capture) {
        const file = outputsFile(workspaceRoot, invocation.projectRoot, invocation.stack);
        const count = writeOutputs(file, result.stdout);
        out(`wrote ${path.relative(workspaceRoot, file)} (${count} outputs)`);
        // compute's image state per catalog service (ADR 0013, 0017): "running ..." or
        // "waiting for image <repo>:<tag>, 0 tasks", one line each, so a waiting service shows.
        const services = (JSON.parse(result.stdout) as { services?: unknown }).services;
        const entries = services !== null && typeof services === "object" ? Object.entries(services as Record<string, { imageStatus?: unknown }>) : [];
        for (const [name, service] of entries.sort(([a], [b]) => a.localeCompare(b))) {
          if (typeof service?.imageStatus === "string") out(`imageStatus ${name}: ${service.imageStatus}`);
        }
      }
    }
    return 0;
  } catch (error) {
    err(error instanceof Error ? error.message : String(error));
    if (error instanceof UsageError) return 2;
    return error instanceof Refusal ? REFUSED_STATUS : 1;
  }
}

/**
 * `audit`: the drift check (a read-only preview), written to dist/<stack>/<layer>/drift.json, then
 * the layer's live checks (libs/verify audit), which read it and write the environment's report.
 * The status is the live audit's when it fails, else non-zero for drift or a failed preview.
 */
function audit(context: CliContext, invocation: ReturnType<typeof parseInvocation>, run: (call: PulumiCall) => ReturnType<Runner>, runner: Runner): number {
  const { workspaceRoot, out, err } = context;
  const [call] = pulumiCalls(invocation);
  const result = run(call);
  const layer = path.basename(invocation.projectRoot);
  const report = driftReport(layer, invocation.stack, `pulumi ${call.args.join(" ")}`, result.status, result.stdout, (context.now ?? (() => new Date()))().toISOString());
  const file = driftFile(workspaceRoot, invocation.projectRoot, invocation.stack);
  writeJson(file, report);
  if (report.status === "drift") {
    err(`drift in ${invocation.projectRoot} (stack ${invocation.stack}): ${report.resources.length} resources differ from the code:`);
    report.resources.forEach((r) => err(`  - ${r.op}: ${r.name}  ${r.type}${r.properties.length > 0 ? `  [${r.properties.join(", ")}]` : ""}`));
  } else if (report.status === "failed") {
    err(report.message as string);
  } else {
    out(`no drift in ${invocation.projectRoot} (stack ${invocation.stack})`);
  }
  out(`wrote ${path.relative(workspaceRoot, file)}`);
  const node = context.node ?? process.execPath;
  const args = liveAuditArgs(invocation);
  out(`> node ${args.join(" ")}`);
  const live = runner(node, args, { cwd: workspaceRoot, env: context.env, capture: false });
  if (live.status !== 0) return live.status;
  return report.status === "none" ? 0 : 1;
}

function writeJson(file: string, value: unknown): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const partial = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(partial, `${JSON.stringify(value, null, 2)}\n`);
  fs.renameSync(partial, file);
}

/** Writes `pulumi stack output --json` as pretty JSON (secrets stay "[secret]"); returns the key count. */
export function writeOutputs(file: string, stdout: string): number {
  let outputs: unknown;
  try {
    outputs = JSON.parse(stdout);
  } catch {
    throw new Error(`pulumi stack output --json did not print JSON: ${stdout.slice(0, 200)}`);
  }
  if (outputs === null || typeof outputs !== "object" || Array.isArray(outputs)) {
    throw new Error(`pulumi stack output --json printed ${JSON.stringify(outputs)}, expected an object`);
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  // Written whole or not at all: a reader never sees half a file.
  const partial = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(partial, `${JSON.stringify(outputs, null, 2)}\n`);
  fs.renameSync(partial, file);
  return Object.keys(outputs).length;
}
