// What each Nx target asks of the Pulumi CLI. Pure functions: the argument lists are the product
// here, so they are built (and tested) apart from the process that runs them.
import path from "node:path";

/** The Nx targets backed by the Pulumi CLI, in the order a reader meets them in docs/deploy.md. */
export const COMMANDS = ["preview", "deploy", "refresh", "destroy", "outputs"] as const;
export type Command = (typeof COMMANDS)[number];

/** Where the policy pack lives, from the workspace root (libs/policies, a CrossGuard pack). */
export const POLICY_PACK_DIR = "libs/policies";

/**
 * Pulumi's own rule for a plain stack name. A fully-qualified `org/project/stack` is refused:
 * every layer of an environment shares one plain name and StackReferences are built from it.
 */
export const STACK_NAME = /^[A-Za-z0-9_.-]{1,100}$/;

export class UsageError extends Error {
  override readonly name = "UsageError";
}

export interface Invocation {
  readonly command: Command;
  /** The stack project's directory relative to the workspace root, e.g. `stacks/data`. */
  readonly projectRoot: string;
  readonly stack: string;
}

const USAGE = `usage: pulumi-stack <${COMMANDS.join("|")}> <projectRoot> --stack=<name>`;

/** Parses `<command> <projectRoot> --stack=<name>` (what the Nx targets pass); throws UsageError. */
export function parseInvocation(argv: readonly string[]): Invocation {
  const positional = argv.filter((a) => !a.startsWith("--"));
  const flags = argv.filter((a) => a.startsWith("--"));
  const unknown = flags.filter((f) => !f.startsWith("--stack="));
  if (positional.length !== 2 || unknown.length > 0) {
    throw new UsageError(`${USAGE}\n  got: ${argv.join(" ") || "(nothing)"}`);
  }
  const [command, projectRoot] = positional;
  if (!(COMMANDS as readonly string[]).includes(command)) {
    throw new UsageError(`unknown command "${command}": expected one of ${COMMANDS.join(", ")}`);
  }
  // `-c <env>` sets --stack=<env>; `--stack=<name>` on the Nx command line wins. Nothing at all
  // arrives as an empty value: refuse it rather than let Pulumi fall back to the selected stack.
  const stack = flags.length > 0 ? flags[flags.length - 1].slice("--stack=".length) : "";
  if (stack === "") {
    throw new UsageError(
      `no stack selected for ${command} of ${projectRoot}: pass -c dev|staging|prod, or --stack=<name> for an ephemeral environment`,
    );
  }
  if (!STACK_NAME.test(stack)) {
    throw new UsageError(
      `stack "${stack}" is not a plain Pulumi stack name: use letters, digits, "-", "_" or "." (1-100 characters, no "/")`,
    );
  }
  return { command: command as Command, projectRoot, stack };
}

/** One run of the Pulumi CLI. `capture` keeps stdout (for `stack output --json`) instead of streaming it. */
export interface PulumiCall {
  readonly args: readonly string[];
  readonly capture: boolean;
}

/**
 * The Pulumi calls for one invocation, run in the stack's directory, in order, stopping at the
 * first failure. `--non-interactive` everywhere (no prompt can hang CI); `--yes` where Pulumi would
 * ask for confirmation. `up` keeps its preview phase on purpose: mandatory policy violations then stop
 * the update before any resource changes, where `--skip-preview` would find them mid-update.
 */
export function pulumiCalls(invocation: Invocation): PulumiCall[] {
  const { command, projectRoot, stack } = invocation;
  const common = ["--stack", stack, "--non-interactive"];
  const policyPack = ["--policy-pack", path.posix.relative(toPosix(projectRoot), POLICY_PACK_DIR)];
  const outputs: PulumiCall = { args: ["stack", "output", "--json", ...common], capture: true };
  switch (command) {
    case "preview":
      return [{ args: ["preview", ...common, ...policyPack], capture: false }];
    case "deploy":
      return [{ args: ["up", "--yes", ...common, ...policyPack], capture: false }, outputs];
    case "refresh":
      return [{ args: ["refresh", "--yes", ...common], capture: false }];
    case "destroy":
      return [{ args: ["destroy", "--yes", ...common], capture: false }];
    case "outputs":
      return [outputs];
  }
}

/** `dist/stacks/<layer>/outputs.<stack>.json`, read by the integration checks (and by humans). */
export function outputsFile(workspaceRoot: string, projectRoot: string, stack: string): string {
  return path.join(workspaceRoot, "dist", "stacks", path.basename(projectRoot), `outputs.${stack}.json`);
}

function toPosix(p: string): string {
  return p.split(path.sep).join(path.posix.sep).replace(/\/+$/, "");
}
