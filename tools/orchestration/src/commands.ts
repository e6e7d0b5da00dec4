// What each Nx target asks of the Pulumi CLI. Pure functions: the argument lists are the product
// here, so they are built (and tested) apart from the process that runs them.
import path from "node:path";
import { COMMANDS, Command, parseFlags, pulumiArgs, PulumiFlag, UsageError } from "./flags";

/** Where the policy pack lives, from the workspace root (libs/policies, a CrossGuard pack). */
export const POLICY_PACK_DIR = "libs/policies";

/**
 * Pulumi's own rule for a plain stack name. A fully-qualified `org/project/stack` is refused:
 * every layer of an environment shares one plain name and StackReferences are built from it.
 */
export const STACK_NAME = /^[A-Za-z0-9_.-]{1,100}$/;

export interface Invocation {
  readonly command: Command;
  /** The stack project's directory relative to the workspace root, e.g. `stacks/data`. */
  readonly projectRoot: string;
  readonly stack: string;
  /** `--confirm=<stack>`: it must name the stack being run. */
  readonly confirmed: boolean;
  /** The Pulumi flags given, in order, before routing to the layer their URNs name. */
  readonly flags: readonly PulumiFlag[];
  /** audit only: how long the live checks wait for a stable service. */
  readonly waitSeconds?: string;
}

const USAGE = `usage: pulumi-stack <${COMMANDS.join("|")}> <projectRoot> --stack=<name> [--confirm=<stack>] [pulumi flags]`;

/**
 * Parses `<command> <projectRoot> --stack=<name> ...`: what the Nx target runs, with the
 * configuration's `--stack=<env>` first and then whatever Nx forwards (see flags.ts). Throws UsageError.
 */
export function parseInvocation(argv: readonly string[]): Invocation {
  const [command, ...rest] = argv;
  if (command === undefined || command.startsWith("-")) {
    throw new UsageError(`${USAGE}\n  got: ${argv.join(" ") || "(nothing)"}`);
  }
  if (!(COMMANDS as readonly string[]).includes(command)) {
    throw new UsageError(`unknown command "${command}": expected one of ${COMMANDS.join(", ")}`);
  }
  const parsed = parseFlags(command as Command, rest);
  if (parsed.positional.length !== 1) {
    throw new UsageError(`${USAGE}\n  got: ${argv.join(" ")}`);
  }
  const projectRoot = parsed.positional[0];
  // `-c <env>` sets --stack=<env>; a `--stack=<name>` given to Nx comes after it and wins. Nothing
  // at all arrives as an empty value: refuse it rather than let Pulumi fall back to the selected stack.
  const stack = parsed.stacks.length > 0 ? parsed.stacks[parsed.stacks.length - 1] : "";
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
  if (parsed.confirm !== undefined && parsed.confirm !== stack) {
    throw new UsageError(`--confirm=${parsed.confirm} does not name the stack being run (${stack}): it must be --confirm=${stack}`);
  }
  return {
    command: command as Command,
    projectRoot,
    stack,
    confirmed: parsed.confirm !== undefined,
    flags: parsed.pulumi,
    ...(parsed.waitSeconds === undefined ? {} : { waitSeconds: parsed.waitSeconds }),
  };
}

/** One run of the Pulumi CLI. `capture` keeps stdout (for `stack output --json`) instead of streaming it. */
export interface PulumiCall {
  readonly args: readonly string[];
  readonly capture: boolean;
}

/**
 * The Pulumi calls for one invocation, run in the stack's directory, in order, stopping at the
 * first failure; `flags` are the routed pass-through flags (urn.ts). `--non-interactive` everywhere
 * (no prompt can hang CI); `--yes` where Pulumi would ask for confirmation. `up` keeps its preview
 * phase on purpose: mandatory policy violations then stop the update before any resource changes,
 * where `--skip-preview` would find them mid-update.
 */
export function pulumiCalls(invocation: Pick<Invocation, "command" | "projectRoot" | "stack">, flags: readonly PulumiFlag[] = []): PulumiCall[] {
  const { command, projectRoot, stack } = invocation;
  const common = ["--stack", stack, "--non-interactive"];
  const policyPack = ["--policy-pack", path.posix.relative(toPosix(projectRoot), POLICY_PACK_DIR)];
  const extra = pulumiArgs(flags);
  const outputs: PulumiCall = { args: ["stack", "output", "--json", ...common], capture: true };
  switch (command) {
    case "preview":
      return [{ args: ["preview", ...common, ...policyPack, ...extra], capture: false }];
    case "deploy":
      return [{ args: ["up", "--yes", ...common, ...policyPack, ...extra], capture: false }, outputs];
    case "refresh":
      return [{ args: ["refresh", "--yes", ...common, ...extra], capture: false }];
    case "destroy":
      return [{ args: ["destroy", "--yes", ...common, ...extra], capture: false }];
    case "outputs":
      return [outputs];
    case "audit":
      return [driftCall(stack)];
  }
}

/**
 * The drift check of `audit`: read-only, so no protected-stack confirmation. `--refresh` reads every
 * resource from AWS first, so an out-of-band change shows as a diff against the code;
 * `--expect-no-changes` makes the CLI exit non-zero when anything would change
 * (pulumi/pulumi pkg/cmd/pulumi/operations/preview.go: NoChangesExpectedError after PreviewStack,
 * which has printed the JSON digest by then); `--json` prints the steps with diffReasons and
 * detailedDiff (pkg/display/json.go PreviewDigest, PreviewStep). No policy pack: deploy ran it on the code.
 */
export function driftCall(stack: string): PulumiCall {
  return { args: ["preview", "--expect-no-changes", "--refresh", "--json", "--stack", stack, "--non-interactive"], capture: true };
}

/** Where `audit` writes a layer's drift check, read by the live audit (libs/verify audit). */
export function driftFile(workspaceRoot: string, projectRoot: string, stack: string): string {
  return path.join(workspaceRoot, "dist", stack, path.basename(projectRoot), "drift.json");
}

/** The live half of `audit`: libs/verify's audit command for the layer, run with node from the workspace root. */
export function liveAuditArgs(invocation: Pick<Invocation, "projectRoot" | "stack" | "waitSeconds">): string[] {
  return [
    "libs/verify/bin/audit.js",
    invocation.projectRoot,
    `--stack=${invocation.stack}`,
    ...(invocation.waitSeconds === undefined ? [] : [`--wait-seconds=${invocation.waitSeconds}`]),
  ];
}

/**
 * The plan a protected deploy is checked against before `up`: the same scope (--target,
 * --target-dependents, --replace, --exclude, --refresh), as JSON, without the policy pack (`up`
 * runs it) or the display-only flags.
 */
export function checkPlanCall(stack: string, flags: readonly PulumiFlag[]): PulumiCall {
  const scope = flags.filter((f) => ["target", "target-dependents", "replace", "exclude", "refresh"].includes(f.name));
  return { args: ["preview", "--json", "--stack", stack, "--non-interactive", ...pulumiArgs(scope)], capture: true };
}

/** `pulumi stack ls --json`, run in a dependent layer's directory: does its stack still have resources? */
export const STACK_LS: PulumiCall = { args: ["stack", "ls", "--json", "--non-interactive"], capture: true };

/** `pulumi stack export`: the resources of a stack, for the list of what a protected destroy loses. */
export const stackExportCall = (stack: string): PulumiCall => ({ args: ["stack", "export", "--stack", stack, "--non-interactive"], capture: true });

/**
 * `dist/<stack>/<layer>/outputs.json`: the deployed outputs, beside that environment's plan (whose
 * mock outputs are `mock-outputs.json`, libs/plan's layout), read by the integration checks.
 */
export function outputsFile(workspaceRoot: string, projectRoot: string, stack: string): string {
  return path.join(workspaceRoot, "dist", stack, path.basename(projectRoot), "outputs.json");
}

function toPosix(p: string): string {
  return p.split(path.sep).join(path.posix.sep).replace(/\/+$/, "");
}
