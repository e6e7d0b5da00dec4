// Resource URNs given to --target, --replace and --exclude. Nx forwards a flag to every task of the
// run, dependencies included, so `nx run compute:deploy -- --target=<compute urn>` reaches the
// security, network and data tasks too, where Pulumi would stop with "one or more targets could not
// be found in the stack" (pulumi/pulumi pkg/resource/deploy/deployment_executor.go checkTargets). The
// URN names its project, so each flag is applied by the layer it names and by no other.
import { PulumiFlag, UsageError } from "./flags";

/** `urn:pulumi:<stack>::<project>::<qualified type>::<name>` (pulumi/pulumi sdk/go/common/resource/urn.go). */
export interface Urn {
  readonly stack: string;
  readonly project: string;
  /** Parent types and the resource's own, joined by `$`. */
  readonly qualifiedType: string;
  readonly name: string;
}

const PREFIX = "urn:pulumi:";

export function parseUrn(text: string): Urn | undefined {
  if (!text.startsWith(PREFIX)) return undefined;
  const [stack, project, qualifiedType, ...name] = text.slice(PREFIX.length).split("::");
  if (name.length === 0 || [stack, project, qualifiedType, name.join("::")].some((p) => p === "")) return undefined;
  return { stack, project, qualifiedType, name: name.join("::") };
}

/** The resource's own type token, e.g. `aws:rds/cluster:Cluster`. */
export const resourceType = (urn: Urn): string => urn.qualifiedType.slice(urn.qualifiedType.lastIndexOf("$") + 1);

/** The URN-valued flags. */
export const URN_FLAGS = ["target", "replace", "exclude"];

/**
 * Why a URN given to `--<flag>` cannot be used for `stack`, or undefined. A type token is
 * `<package>:<module>:<Type>`; a `$aws` or `$fin` that a shell expanded to nothing leaves a token
 * with five parts, so that is named as the likely cause (Nx itself puts a forwarded value in double
 * quotes, where `$` expands: run-commands.impl.js wrapArgIntoQuotesIfNeeded).
 */
export function urnProblem(flag: string, text: string, stack: string, projects: readonly string[]): string | undefined {
  const urn = parseUrn(text);
  if (urn === undefined) {
    return `--${flag} ${text} is not a Pulumi URN (urn:pulumi:<stack>::<project>::<type>::<name>); list them with: pulumi stack --show-urns`;
  }
  const broken = urn.qualifiedType.split("$").find((token) => !token.includes("*") && token.split(":").length !== 3);
  if (broken !== undefined) {
    return (
      `--${flag} ${text} has the type '${broken}', which is not <package>:<module>:<Type>: a '$' in the URN was ` +
      "probably expanded by a shell; Nx puts forwarded values in double quotes, so write each $ as \\$ inside single quotes " +
      "('--target=urn:...Aurora\\$aws:rds/cluster:Cluster::db')"
    );
  }
  if (urn.stack !== stack) {
    return `--${flag} ${text} is a resource of stack ${urn.stack}, not of ${stack}`;
  }
  if (!projects.includes(urn.project)) {
    return `--${flag} ${text} names project ${urn.project}, which is not a layer of this workspace (${projects.join(", ")})`;
  }
  return undefined;
}

export interface Routed {
  /** The flags this layer applies. */
  readonly flags: readonly PulumiFlag[];
  /** Set when every --target names another layer: this layer has nothing to do. */
  readonly skip?: string;
}

/**
 * The flags `project` applies: its own URNs and every flag that is not a URN. A --replace or
 * --exclude of another layer's resource means nothing here and is left to that layer; when every
 * --target names another layer the run is skipped, since running without them would widen it to
 * the whole layer.
 */
export function routeFlags(flags: readonly PulumiFlag[], stack: string, project: string, projects: readonly string[]): Routed {
  const problems = flags
    .filter((f) => URN_FLAGS.includes(f.name))
    .map((f) => urnProblem(f.name, f.value, stack, projects))
    .filter((p): p is string => p !== undefined);
  if (problems.length > 0) {
    throw new UsageError(problems.join("\n"));
  }
  const own = (f: PulumiFlag) => !URN_FLAGS.includes(f.name) || (parseUrn(f.value) as Urn).project === project;
  const targets = flags.filter((f) => f.name === "target");
  if (targets.length > 0 && !targets.some(own)) {
    const named = [...new Set(targets.map((t) => (parseUrn(t.value) as Urn).project))].join(", ");
    return { flags: [], skip: `${project}: nothing to do, every --target names a resource of ${named}` };
  }
  return { flags: flags.filter(own) };
}
