// `pulumi-stack <command> <projectRoot> --stack=<name>`: one Pulumi CLI run for one layer, the
// command behind the stacks' Nx targets. Ordering between layers is not done here: it is Nx's
// task graph (deploy dependsOn ^deploy, destroy dependsOn the downstream layers' destroy).
import fs from "node:fs";
import path from "node:path";
import { outputsFile, parseInvocation, pulumiCalls, UsageError } from "./commands";
import { Env, pulumiEnv, resolvePulumi, Runner, spawnRunner } from "./pulumi-cli";

export interface CliContext {
  /** Nx runs target commands from the workspace root. */
  readonly workspaceRoot: string;
  readonly env: Env;
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  readonly runner?: Runner;
  readonly resolve?: (env: Env, workspaceRoot: string) => string;
}

/** Returns the exit status to end the process with: Pulumi's own when it fails, 2 for bad usage. */
export function runCli(argv: readonly string[], context: CliContext): number {
  const { workspaceRoot, env, out, err } = context;
  const runner = context.runner ?? spawnRunner;
  try {
    const invocation = parseInvocation(argv);
    const pulumi = (context.resolve ?? resolvePulumi)(env, workspaceRoot);
    const cwd = path.resolve(workspaceRoot, invocation.projectRoot);
    const childEnv = pulumiEnv(env);
    for (const call of pulumiCalls(invocation)) {
      out(`> (cd ${invocation.projectRoot} && pulumi ${call.args.join(" ")})`);
      const result = runner(pulumi, call.args, { cwd, env: childEnv, capture: call.capture });
      if (result.status !== 0) {
        err(`pulumi ${call.args[0]} failed for ${invocation.projectRoot} (stack ${invocation.stack}) with exit status ${result.status}`);
        return result.status;
      }
      if (call.capture) {
        const file = outputsFile(workspaceRoot, invocation.projectRoot, invocation.stack);
        const count = writeOutputs(file, result.stdout);
        out(`wrote ${path.relative(workspaceRoot, file)} (${count} outputs)`);
      }
    }
    return 0;
  } catch (error) {
    err(error instanceof Error ? error.message : String(error));
    return error instanceof UsageError ? 2 : 1;
  }
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
