// The refusals: every check that stands between an Nx target and a Pulumi command that would lose
// data. Each runs before the command it guards and, when it refuses, says what was refused, why,
// and the exact command that proceeds. Decisions and texts live here; cli.ts runs them.
import { ENVIRONMENT_SUFFIX_ENV, EPHEMERAL_STACK, PROFILE_KEY, SHARED_NETWORK_STACK, SHARED_NETWORK_STACK_KEY, resolveEnvironmentSuffix } from "@fin/naming";
import { checkPlanCall, Invocation, PulumiCall, STACK_LS, stackExportCall } from "./commands";
import { FlagSpec, PASS_THROUGH, PulumiFlag } from "./flags";
import { Env, RunResult } from "./pulumi-cli";
import { resourceCount, StatefulResource, statefulChanges, statefulResources } from "./state";
import { committedStacks, declaresKey, dependenciesOf, dependentsOf, Layer, StackSettings, stackConfigValue } from "./workspace";

/** A refusal: nothing destructive ran. Exit status 3 (2 is bad usage, others are Pulumi's). */
export class Refusal extends Error {
  override readonly name = "Refusal";

  constructor(what: string, why: readonly string[], proceed: readonly string[]) {
    super([`refused: ${what}`, ...why.map((l) => `  ${l}`), ...proceed.map((l) => `  ${l}`)].join("\n"));
  }
}

export const REFUSED_STATUS = 3;

/** Runs one captured Pulumi call in a layer's directory (and prints it, as every call is). */
export type Ask = (layer: Layer, call: PulumiCall) => RunResult;

export interface GuardContext {
  readonly invocation: Invocation;
  readonly self: Layer;
  /** Every layer, in dependency order. */
  readonly layers: readonly Layer[];
  readonly settings: StackSettings;
  /** The pass-through flags this layer applies. */
  readonly flags: readonly PulumiFlag[];
  readonly env: Env;
  readonly ask: Ask;
  readonly warn: (line: string) => void;
}

// Characters a shell leaves alone, so a word made of them is printed bare.
const PLAIN_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;

/**
 * A word to paste into a shell so that the Nx target receives exactly `arg`. Nx puts a forwarded
 * value that has shell metacharacters in double quotes, where `$`, `` ` `` and `\` are special
 * (run-commands.impl.js wrapArgIntoQuotesIfNeeded), so those get a backslash for that second pass,
 * inside single quotes for the first.
 */
export function shellWord(arg: string): string {
  if (PLAIN_WORD.test(arg)) return arg;
  return `'${arg.replace(/[$`\\]/g, (c) => `\\${c}`).replace(/'/g, `'\\''`)}'`;
}

/** A flag as typed on the Nx command line (`--target=<urn>`, `-p 4`, `--diff`). */
function typed(flag: PulumiFlag): string[] {
  const spec = PASS_THROUGH.find((s) => s.name === flag.name) as FlagSpec;
  if (spec.value === "switch") return [flag.value === "true" ? `--${flag.name}` : `--${flag.name}=false`];
  if (spec.typed !== undefined) return [spec.typed, flag.value];
  return [`--${flag.name}=${flag.value}`];
}

/**
 * The Nx command that runs `target` of `layer` on `stack` with `own` flags (`--confirm=<s>`) and the
 * Pulumi flags given. With Pulumi flags everything goes after `--`: when a `--` is present, Nx keeps
 * only what follows it as overrides (nx dist/src/command-line/yargs-utils/shared-options.js
 * withOverrides), so a `--stack` or `--confirm` before it would be lost.
 */
export function nxCommand(
  layer: Layer | "all",
  target: string,
  stack: string,
  options: { own?: readonly string[]; nx?: readonly string[]; flags?: readonly PulumiFlag[] } = {},
): string {
  const ours = [`--stack=${stack}`, ...(options.own ?? [])];
  const pulumi = (options.flags ?? []).flatMap(typed);
  const head = layer === "all" ? `npx nx run-many -t ${target}` : `npx nx run ${layer.name}:${target}`;
  const words = [...(options.nx ?? []), ...(pulumi.length > 0 ? ["--", ...ours, ...pulumi] : ours)];
  return [head, ...words.map(shellWord)].join(" ");
}

const subject = (ctx: GuardContext): string => `${ctx.invocation.command} of ${ctx.self.project}, stack ${ctx.invocation.stack} (${ctx.self.root})`;

/**
 * ENVIRONMENT_SUFFIX may not rename a stack whose config names its suffix, and may not be empty
 * (@fin/naming resolveEnvironmentSuffix, the rule the program's config loader applies too). Checked
 * for the commands that run the program (preview, deploy, audit's preview); destroy and refresh work from the state.
 */
export function checkSuffix(ctx: GuardContext): void {
  const { command } = ctx.invocation;
  if (command !== "preview" && command !== "deploy" && command !== "audit") return;
  const { problem } = resolveEnvironmentSuffix(ctx.env, ctx.settings.environmentSuffix);
  if (problem !== undefined) {
    throw new Refusal(subject(ctx), [`why: ${problem}`], [
      `to proceed: env -u ${ENVIRONMENT_SUFFIX_ENV} ${nxCommand(ctx.self, command, ctx.invocation.stack, { flags: ctx.invocation.flags })}`,
    ]);
  }
}

function describe(resources: readonly StatefulResource[]): string[] {
  return resources.length === 0 ? ["    (no stateful resources)"] : resources.map((r) => `    - ${r.name}  ${r.type}  (${r.loss})`);
}

/** What a layer's stack holds that a destroy loses, asked of the CLI (`pulumi stack export`). */
function losses(ctx: GuardContext, layer: Layer): string[] {
  const { stack } = ctx.invocation;
  const heading = `  ${layer.root} (${layer.project}/${stack}):`;
  const result = ctx.ask(layer, stackExportCall(stack));
  if (result.status !== 0) {
    return [heading, `    (could not read its state: pulumi stack export exited ${result.status})`];
  }
  return [heading, ...describe(statefulResources(result.stdout))];
}

/**
 * A protected stack is destroyed only with --confirm=<stack>. The refusal lists what this layer
 * holds and, since Nx stops a teardown at the first refusal (the layer furthest downstream), what
 * the layers it depends on hold: a full teardown destroys them next.
 */
export function checkProtectedDestroy(ctx: GuardContext): void {
  const { invocation, settings, self, layers } = ctx;
  if (invocation.command !== "destroy" || !settings.protection.protected || invocation.confirmed) return;
  const upstream = [...dependenciesOf(self, layers)].reverse();
  throw new Refusal(
    subject(ctx),
    [
      `why: ${invocation.stack} is a protected stack (${settings.protection.reason}); destroying it loses:`,
      ...losses(ctx, self),
      ...(upstream.length > 0
        ? [`and a full teardown (nx run-many -t destroy) destroys next the layers it depends on:`, ...upstream.flatMap((l) => losses(ctx, l))]
        : []),
    ],
    [
      `to proceed: ${nxCommand(self, "destroy", invocation.stack, { own: [`--confirm=${invocation.stack}`], flags: invocation.flags })}`,
      ...(upstream.length > 0
        ? [`or, the whole environment: ${nxCommand("all", "destroy", invocation.stack, { own: [`--confirm=${invocation.stack}`], flags: invocation.flags })}`]
        : []),
    ],
  );
}

/**
 * A layer is destroyed only after the layers that depend on it, or with --confirm=<stack>: AWS does
 * not stop it (KMS ScheduleKeyDeletion, for one, makes the keys unusable at once for every layer
 * still encrypting with them). Each dependent's stack is asked for its resource count
 * (`pulumi stack ls --json` in its directory); one that cannot be asked counts as live.
 */
export function checkDependents(ctx: GuardContext): void {
  const { invocation, self, layers } = ctx;
  if (invocation.command !== "destroy") return;
  const live: string[] = [];
  for (const layer of dependentsOf(self, layers)) {
    const result = ctx.ask(layer, STACK_LS);
    if (result.status !== 0) {
      live.push(`${layer.root}: could not tell, pulumi stack ls --json exited ${result.status}`);
    } else {
      const count = resourceCount(result.stdout, invocation.stack);
      if (count > 0) live.push(`${layer.root} (${layer.project}/${invocation.stack}): ${count} resources`);
    }
  }
  if (live.length === 0) return;
  if (invocation.confirmed) {
    live.forEach((l) => ctx.warn(`warning: destroying ${self.root} (stack ${invocation.stack}) while a layer that depends on it is live: ${l}`));
    return;
  }
  throw new Refusal(
    `${subject(ctx)} while layers that depend on it still have resources`,
    [
      `why: they use what ${self.project} holds, and AWS does not stop the destroy (a KMS key scheduled for deletion is unusable at once):`,
      ...live.map((l) => `  - ${l}`),
    ],
    [
      `to tear down in order instead: ${nxCommand(self, "destroy", invocation.stack, { flags: invocation.flags })}`,
      `to proceed with this layer alone: ${nxCommand(self, "destroy", invocation.stack, { nx: ["--exclude-task-dependencies"], own: [`--confirm=${invocation.stack}`], flags: invocation.flags })}`,
    ],
  );
}

/**
 * A deploy of a protected stack whose plan replaces or deletes a stateful resource runs only with
 * --confirm=<stack>. The plan comes from `pulumi preview --json` over the same scope; the update that
 * follows plans again, so this is the plan as of now (a change to the stack in between is not seen).
 * Returns the Pulumi status when the preview itself fails.
 */
export function checkProtectedDeploy(ctx: GuardContext): number {
  const { invocation, settings, self } = ctx;
  if (invocation.command !== "deploy" || !settings.protection.protected || invocation.confirmed) return 0;
  const result = ctx.ask(self, checkPlanCall(invocation.stack, ctx.flags));
  if (result.status !== 0) return result.status;
  const changes = statefulChanges(result.stdout);
  if (changes.length === 0) return 0;
  throw new Refusal(
    subject(ctx),
    [
      `why: ${invocation.stack} is a protected stack (${settings.protection.reason}) and the plan replaces or deletes stateful resources:`,
      ...changes.map((c) => `  - ${c.ops.join(", ")}: ${c.name}  ${c.type}  (${c.loss})\n      ${c.urn}`),
    ],
    [`to proceed: ${nxCommand(self, "deploy", invocation.stack, { own: [`--confirm=${invocation.stack}`], flags: invocation.flags })}`],
  );
}

/**
 * Whether `candidate`'s network is a guest of `host` (ADR 0019, @fin/config networkRole): its
 * committed `sharedNetworkStack` names the host, or it leaves it unset and is ephemeral (its
 * `profile`, or by name, pr-<n>) while the host is SHARED_NETWORK_STACK. A stack without a committed
 * file (one CI made with `pulumi stack init`) has the defaults.
 */
function isGuestOf(layer: Layer, candidate: string, host: string): boolean {
  if (candidate === host) return false;
  const named = stackConfigValue(layer, candidate, SHARED_NETWORK_STACK_KEY);
  if (typeof named === "string" && named !== "") return named === host;
  const profile = stackConfigValue(layer, candidate, PROFILE_KEY);
  const ephemeral = profile === "ephemeral" || ((profile === undefined || profile === "") && EPHEMERAL_STACK.test(candidate));
  return ephemeral && host === SHARED_NETWORK_STACK;
}

/**
 * A shared network (ADR 0019) is destroyed only when no guest environment still has its network
 * stack, or with --confirm=<stack>. Each guest's security groups, tasks and database sit in the
 * host's VPC: Pulumi would delete the host's interface endpoints and flow logs first (nothing in the
 * host's stack depends on them) and then fail on the subnets and the VPC, which EC2 refuses to
 * delete while the guests' network interfaces use them (DeleteSubnet, DeleteVpc: DependencyViolation,
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DeleteVpc.html), leaving every open pull
 * request's environment without its endpoints. The guests are the layer's stacks (`pulumi stack ls
 * --json` in its directory) that still have resources and whose config makes them guests of this one.
 * Only the network layer (the one that declares sharedNetworkStack) and only a stack guests can name
 * (SHARED_NETWORK_STACK, or one a committed stack file names) are asked.
 */
export function checkSharedNetworkGuests(ctx: GuardContext): void {
  const { invocation, self } = ctx;
  if (invocation.command !== "destroy" || !declaresKey(self, SHARED_NETWORK_STACK_KEY)) return;
  const host = invocation.stack;
  if (host !== SHARED_NETWORK_STACK && !committedStacks(self).some((s) => isGuestOf(self, s, host))) return;
  const result = ctx.ask(self, STACK_LS);
  const guests =
    result.status !== 0
      ? [`could not tell: pulumi stack ls --json exited ${result.status}`]
      : (JSON.parse(result.stdout) as { name: string }[])
          .map((s) => String(s.name).split("/").pop() as string)
          .filter((name) => isGuestOf(self, name, host) && resourceCount(result.stdout, name) > 0)
          .map((name) => `${self.project}/${name}: ${resourceCount(result.stdout, name)} resources`);
  if (guests.length === 0) return;
  if (invocation.confirmed) {
    guests.forEach((g) => ctx.warn(`warning: destroying the shared network ${host} while a guest environment is live: ${g}`));
    return;
  }
  throw new Refusal(
    `${subject(ctx)} while environments whose network is its guest still have resources`,
    [`why: their security groups, tasks and databases sit in ${host}'s VPC; the destroy would delete its endpoints and then fail on its subnets:`, ...guests.map((g) => `  - ${g}`)],
    [
      `to tear down the guests first: npx nx run-many -t destroy --stack=<each guest above>`,
      `to proceed anyway: ${nxCommand(self, "destroy", host, { own: [`--confirm=${host}`], flags: invocation.flags })}`,
    ],
  );
}
