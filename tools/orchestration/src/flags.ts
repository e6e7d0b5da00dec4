// The Pulumi flags a target passes through, and nothing else. Nx appends every flag after `--` (and
// every flag it does not know, when there is no `--`) to the target's command (nx
// dist/src/executors/run-commands/run-commands.impl.js: interpolateArgsIntoCommand, forwardAllArgs),
// so this list is the only gate: a flag that is not on it stops the run instead of vanishing.
// Which Pulumi command takes which flag: pulumi/pulumi pkg/cmd/pulumi/operations/{up,preview,refresh,destroy}.go
// (read at 1b59498, 2026-08-21).

/** The Nx targets backed by the Pulumi CLI, in the order a reader meets them in docs/deploy.md. */
export const COMMANDS = ["preview", "deploy", "refresh", "destroy", "outputs", "audit"] as const;
export type Command = (typeof COMMANDS)[number];

/** The Pulumi command behind each target (`outputs` is `pulumi stack output`). */
export const PULUMI_COMMAND: Readonly<Record<Command, string>> = {
  preview: "preview",
  deploy: "up",
  refresh: "refresh",
  destroy: "destroy",
  outputs: "stack output",
  audit: "preview --expect-no-changes --refresh --json",
};

export class UsageError extends Error {
  override readonly name = "UsageError";
}

/** What a flag's value is: a resource URN, free text, a positive count, or none (a switch). */
export type FlagValue = "urn" | "text" | "count" | "switch";

export interface FlagSpec {
  /** Pulumi's long name, without the dashes. */
  readonly name: string;
  readonly value: FlagValue;
  readonly commands: readonly Command[];
  /** One line for the usage text and docs/deploy.md. */
  readonly help: string;
  /**
   * How it is typed on the Nx command line when that differs from `--<name>`: Nx's run-commands
   * executor keeps `--parallel` for itself (its own `parallel` option: `--parallel` vanishes and
   * `--parallel=4` fails its schema check), so Pulumi's short form `-p` is the way in.
   */
  readonly typed?: string;
}

const UPDATING: readonly Command[] = ["preview", "deploy", "refresh", "destroy"];

export const PASS_THROUGH: readonly FlagSpec[] = [
  { name: "target", value: "urn", commands: UPDATING, help: "only this resource (repeatable); a layer none of whose resources is named is skipped" },
  { name: "target-dependents", value: "switch", commands: UPDATING, help: "also the resources that depend on the --target ones" },
  { name: "replace", value: "urn", commands: ["preview", "deploy"], help: "replace this resource even if it did not change (repeatable)" },
  { name: "exclude", value: "urn", commands: UPDATING, help: "leave this resource alone (repeatable)" },
  { name: "diff", value: "switch", commands: UPDATING, help: "show a detailed diff of each change" },
  { name: "refresh", value: "switch", commands: ["preview", "deploy", "destroy"], help: "refresh the state from AWS first" },
  { name: "expect-no-changes", value: "switch", commands: ["preview", "deploy", "refresh"], help: "fail if anything would change" },
  { name: "parallel", value: "count", commands: UPDATING, typed: "-p", help: "at most <n> resource operations at once" },
  { name: "message", value: "text", commands: ["preview", "deploy", "refresh", "destroy"], help: "the update's message in the stack history" },
];

/** A flag as it reaches this wrapper, normalised. `value` is "true"/"false" for a switch. */
export interface PulumiFlag {
  readonly name: string;
  readonly value: string;
}

const VALUE_HINT: Readonly<Record<FlagValue, string>> = { urn: "=<urn>", text: "=<text>", count: " <n>", switch: "" };

/** How a flag is typed on the Nx command line, e.g. `--target=<urn>`, `-p <n>`, `--diff`. */
export function spelling(spec: FlagSpec): string {
  return `${spec.typed ?? `--${spec.name}`}${VALUE_HINT[spec.value]}`;
}

export const flagsOf = (command: Command): FlagSpec[] => PASS_THROUGH.filter((f) => f.commands.includes(command));

/**
 * `--help`-style text for a target: its own flags, then the Pulumi flags it passes through.
 * docs/deploy.md carries this text for every target (a test keeps the two equal).
 */
export function usage(command: Command): string {
  const confirms: Partial<Record<Command, string>> = {
    deploy: "deploy although the plan replaces or deletes a stateful resource of a protected stack",
    destroy: "destroy a protected stack, or a layer whose dependents still have resources",
  };
  const own = command in confirms ? [`  --confirm=<stack>          ${confirms[command]} (ADR 0011)`] : [];
  if (command === "audit") {
    own.push("  --wait-seconds=<n>         wait at most <n> s for the ECS service to be stable before judging it (default 600)");
  }
  const pulumi = flagsOf(command).map((f) => `  ${spelling(f).padEnd(26)} ${f.help}`);
  return [
    `nx run <layer>:${command} (-c dev|staging|prod | --stack=<name>)${command in confirms ? " [--confirm=<stack>]" : ""}${command === "audit" ? " [--wait-seconds=<n>]" : ""}${pulumi.length > 0 ? " [-- <pulumi flags>]" : ""}`,
    `  runs: pulumi ${PULUMI_COMMAND[command]} in stacks/<layer>${command === "audit" ? ", then the live checks (libs/verify audit)" : ""}`,
    "  --stack=<name>             the stack (wins over -c); put it after -- when there is a --",
    ...own,
    ...(pulumi.length > 0 ? ["  Pulumi flags, after --:", ...pulumi] : ["  no Pulumi flags"]),
  ].join("\n");
}

const SWITCH_VALUES = ["true", "false"];

function specFor(arg: string): FlagSpec | undefined {
  const name = arg.replace(/^--?/, "").split("=")[0];
  return PASS_THROUGH.find((f) => (arg.startsWith("--") ? f.name === name : f.typed === `-${name}`));
}

/** Thrown for a flag this target does not pass: names it and lists the ones it does. */
function refused(command: Command, arg: string, why: string): UsageError {
  const allowed = flagsOf(command).map(spelling);
  return new UsageError(
    `${why}: ${arg}\n` +
      (allowed.length > 0
        ? `  ${command} passes these Pulumi flags, after --: ${allowed.join(", ")}`
        : `  ${command} passes no Pulumi flags`) +
      "\n  besides its own --stack=<name> and --confirm=<stack> (see docs/deploy.md)",
  );
}

export interface ParsedFlags {
  /** `--stack` values in order (Nx puts the configuration's first; the last wins). */
  readonly stacks: readonly string[];
  readonly confirm: string | undefined;
  /** audit's `--wait-seconds=<n>`, handed to the live checks. */
  readonly waitSeconds: string | undefined;
  readonly pulumi: readonly PulumiFlag[];
  readonly positional: readonly string[];
}

/** Splits what follows `<command> <projectRoot>`; throws UsageError on a flag that is not passed through. */
export function parseFlags(command: Command, args: readonly string[]): ParsedFlags {
  const stacks: string[] = [];
  const pulumi: PulumiFlag[] = [];
  const positional: string[] = [];
  let confirm: string | undefined;
  let waitSeconds: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const eq = arg.indexOf("=");
    const inline = eq >= 0 ? arg.slice(eq + 1) : undefined;
    // The value of `--flag value`, consumed only when the flag takes one.
    const next = (): string => {
      if (inline !== undefined) return inline;
      if (i + 1 >= args.length) throw refused(command, arg, "a value is missing after");
      i += 1;
      return args[i];
    };
    if (!arg.startsWith("-")) {
      positional.push(arg);
    } else if (arg === "--stack" || arg.startsWith("--stack=")) {
      stacks.push(next());
    } else if (arg === "--confirm" || arg.startsWith("--confirm=")) {
      // Every target takes it, so one `run-many -t preview deploy --confirm=prod` carries it; only
      // deploy and destroy have anything to confirm.
      confirm = next();
    } else if (command === "audit" && (arg === "--wait-seconds" || arg.startsWith("--wait-seconds="))) {
      waitSeconds = next();
      if (!/^\d+$/.test(waitSeconds)) throw refused(command, arg, "--wait-seconds takes a whole number of seconds (0 or more)");
    } else {
      const spec = specFor(arg);
      if (spec === undefined || !spec.commands.includes(command)) {
        throw refused(command, arg, `${command} does not pass this flag to Pulumi`);
      }
      if (spec.value === "switch") {
        const value = inline ?? "true";
        if (!SWITCH_VALUES.includes(value)) throw refused(command, arg, `--${spec.name} is a switch (true or false)`);
        pulumi.push({ name: spec.name, value });
      } else {
        const value = next();
        if (spec.value === "count" && !/^[1-9]\d*$/.test(value)) {
          throw refused(command, inline === undefined ? `${arg} ${value}` : arg, `${spelling(spec)} takes a whole number above 0`);
        }
        if (value === "") throw refused(command, arg, `--${spec.name} needs a non-empty value`);
        pulumi.push({ name: spec.name, value });
      }
    }
  }
  return { stacks, confirm, waitSeconds, pulumi, positional };
}

/** The Pulumi arguments for the flags, in the order given: `--target <urn>`, `--diff`, `--refresh=false`. */
export function pulumiArgs(flags: readonly PulumiFlag[]): string[] {
  return flags.flatMap((f) => {
    const spec = PASS_THROUGH.find((s) => s.name === f.name) as FlagSpec;
    if (spec.value === "switch") return [f.value === "true" ? `--${f.name}` : `--${f.name}=false`];
    return [`--${f.name}`, f.value];
  });
}
