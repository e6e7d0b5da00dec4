// The configuration `pulumi up` would hand a program: the stack file read and merged with the project's
// declarations under the CLI's rules, so a stack the CLI would refuse does not synth either. Sources, in
// pulumi/pulumi (read at 1b59498, 2026-08-21):
//   - sdk/go/common/workspace/loaders.go   LoadProjectStack: a missing stack file is an empty config; bare
//                                          keys are namespaced by the project (stackConfigNamespacedWithProject)
//   - sdk/go/common/resource/config/key.go ParseKey: `<namespace>:<name>` (or `<ns>:config:<name>`)
//   - pkg/workspace/config.go              mergeConfig: project defaults/values fill unset keys, a declared
//                                          project key with neither is required ("Stack 'dev' is missing
//                                          configuration value 'x'"); validateStackConfigValue type-checks
//                                          every explicitly typed key, and a `secret: true` key must be secure
// One rule goes beyond the CLI: a `<project>:<key>` the project does not declare is an error, so a typo
// such as `fin-compute:maxTask` fails instead of silently leaving the default in force.
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import {
  ConfigDeclaration,
  PulumiLoadError,
  PulumiProject,
  closest,
  displayPath,
  fitsConfigType,
  fullTypeName,
  isProjectKey,
  isSet,
  loadPulumiProject,
} from "./pulumi-project";

/** Where offline stand-ins live: a directory the real CLI never reads (it reads only Pulumi.<stack>.yaml). */
export const OFFLINE_CONFIG_DIR = "offline";

/** Namespaces a stack file may set besides the project's own (the providers and engine we use). */
const KNOWN_NAMESPACES = ["aws", "pulumi"];

/** Distance within which another namespace is taken for a misspelt project name (`fin-comput:`). */
const NAMESPACE_TYPO_DISTANCE = 2;

export interface StackConfigOptions {
  /** Stack-file entries a test adds on top (they go through the same rules as the file's). */
  readonly overrides?: Readonly<Record<string, unknown>>;
  /** Layer `offline/Pulumi.<stack>.yaml` over the stack file (synth does; the CLI never sees it). */
  readonly offline?: boolean;
  /** Messages show paths relative to this (default: the current directory). */
  readonly root?: string;
}

export interface ResolvedStackConfig {
  /** Fully qualified key -> the string the program reads (JSON text for arrays and objects). */
  readonly values: Readonly<Record<string, string>>;
  /** Keys whose value came from the offline file: a plan built with them is not what the CLI would run. */
  readonly offlineKeys: readonly string[];
}

/** A stack value as config.Map holds it: a string, a JSON object/array, or an encrypted secret. */
type StackValue = { readonly kind: "text"; readonly text: string } | { readonly kind: "object"; readonly json: unknown } | { readonly kind: "secure" };

function toStackValue(raw: unknown): StackValue {
  if (typeof raw === "object" && raw !== null) {
    if (!Array.isArray(raw) && Object.keys(raw).length === 1 && "secure" in raw) {
      return { kind: "secure" };
    }
    return { kind: "object", json: raw };
  }
  // An empty YAML value (`key:`) reads as empty text; the CLI warns about it (checkForEmptyConfig).
  return { kind: "text", text: raw === null ? "" : String(raw) };
}

const asProgramString = (value: StackValue): string => (value.kind === "text" ? value.text : JSON.stringify((value as { json: unknown }).json));

/** Qualifies a key as LoadProjectStack and ParseKey do; undefined when ParseKey would refuse it. */
function qualify(projectName: string, key: string): string | undefined {
  const parts = key.split(":");
  if (parts.length === 1) return `${projectName}:${key}`;
  if (parts.length === 2) return key;
  return parts.length === 3 && parts[1] === "config" ? `${parts[0]}:${parts[2]}` : undefined;
}

const unparsableKey = (where: string, key: string): string =>
  `${where}: could not parse ${key} as a configuration key (configuration keys should be of the form \`<namespace>:<name>\`)`;

interface StackFile {
  readonly file: string;
  readonly entries: ReadonlyMap<string, StackValue>;
}

/** Reads one stack file's `config:`; a missing file is an empty config, as the CLI treats it. */
function readStackFile(project: PulumiProject, file: string, problems: string[], show: (f: string) => string): StackFile {
  const entries = new Map<string, StackValue>();
  if (!fs.existsSync(file)) {
    return { file, entries };
  }
  const doc: unknown = parse(fs.readFileSync(file, "utf8"));
  const config = (doc as { config?: unknown } | null)?.config;
  if (config !== undefined && config !== null && (typeof config !== "object" || Array.isArray(config))) {
    problems.push(`${show(file)}: config must be a map of <namespace>:<name> keys to values`);
    return { file, entries };
  }
  for (const [key, raw] of Object.entries((config ?? {}) as Record<string, unknown>)) {
    const qualified = qualify(project.name, key);
    if (qualified === undefined) {
      problems.push(unparsableKey(show(file), key));
    } else {
      entries.set(qualified, toStackValue(raw));
    }
  }
  return { file, entries };
}

/** The rule beyond the CLI: every `<project>:<key>` is declared, and no namespace is a misspelt project name. */
function undeclaredKeyProblems(
  project: PulumiProject,
  projectFile: string,
  source: StackFile,
  declared: ReadonlyMap<string, string>,
  show: (f: string) => string,
): string[] {
  const problems: string[] = [];
  for (const key of source.entries.keys()) {
    const namespace = key.slice(0, key.indexOf(":"));
    if (namespace === project.name && !declared.has(key)) {
      const suggestion = closest(key, [...declared.keys()].filter((k) => isProjectKey(project.name, k)));
      problems.push(
        `${show(source.file)}: ${key} is not declared in ${show(projectFile)}` +
          (suggestion ? `; did you mean ${suggestion}?` : ""),
      );
    } else if (namespace !== project.name && !KNOWN_NAMESPACES.includes(namespace) && closest(namespace, [project.name], NAMESPACE_TYPO_DISTANCE)) {
      problems.push(`${show(source.file)}: ${key} is in namespace '${namespace}', which is not a provider we use; did you mean ${project.name}:${key.slice(namespace.length + 1)}?`);
    }
  }
  return problems;
}

/**
 * Loads a stack's configuration the way the Pulumi CLI does before it runs the program (see the
 * sources above), and returns what the program would read. Throws one PulumiLoadError listing every
 * problem; nothing runs on a config the CLI would refuse.
 */
export function loadStackConfig(stackDir: string, stack: string, options: StackConfigOptions = {}): ResolvedStackConfig {
  const show = (file: string): string => displayPath(file, options.root);
  const project = loadPulumiProject(stackDir, options.root);
  const problems: string[] = [];
  const stackFile = readStackFile(project, path.join(stackDir, `Pulumi.${stack}.yaml`), problems, show);
  const offlineFile = options.offline ? readStackFile(project, path.join(stackDir, OFFLINE_CONFIG_DIR, `Pulumi.${stack}.yaml`), problems, show) : undefined;

  // Fully qualified key -> the key as Pulumi.yaml declares it (the CLI's messages name the latter).
  const declared = new Map<string, string>();
  for (const key of Object.keys(project.config)) {
    const qualified = qualify(project.name, key);
    if (qualified === undefined) problems.push(unparsableKey(show(path.join(stackDir, "Pulumi.yaml")), key));
    else declared.set(qualified, key);
  }
  for (const source of [stackFile, offlineFile].filter((s): s is StackFile => s !== undefined)) {
    problems.push(...undeclaredKeyProblems(project, path.join(stackDir, "Pulumi.yaml"), source, declared, show));
  }

  const merged = new Map<string, StackValue>(stackFile.entries);
  const offlineKeys = [...(offlineFile?.entries.keys() ?? [])];
  offlineFile?.entries.forEach((value, key) => merged.set(key, value));
  for (const [key, raw] of Object.entries(options.overrides ?? {})) {
    const qualified = qualify(project.name, key);
    if (qualified === undefined) problems.push(unparsableKey("overrides", key));
    else merged.set(qualified, toStackValue(raw));
  }

  // mergeConfig: defaults and values fill the unset keys; a project key with neither is missing.
  const missing: string[] = [];
  for (const [qualified, key] of [...declared].sort(([, a], [, b]) => a.localeCompare(b))) {
    const decl: ConfigDeclaration = project.config[key];
    if (!merged.has(qualified)) {
      const fallback = isSet(decl.value) ? decl.value : decl.default;
      // Only a project key can lack both: Project.Validate makes any other namespace's key carry a value.
      if (isSet(fallback)) {
        merged.set(qualified, toStackValue(fallback));
      } else {
        missing.push(key);
      }
    }
  }
  if (missing.length > 0) {
    const list = missing.length === 1 ? `'${missing[0]}'` : `${missing.slice(0, -1).map((k) => `'${k}'`).join(", ")} and '${missing[missing.length - 1]}'`;
    const hint = fs.existsSync(stackFile.file) ? "" : ` (there is no ${show(stackFile.file)}: create it with pulumi stack init ${stack}, or pick dev, staging or prod)`;
    problems.push(`Stack '${stack}' is missing configuration ${missing.length === 1 ? "value" : "values"} ${list}${hint}`);
  }

  // validateStackConfigValue: a secret key must be encrypted; a typed key's value must fit its type.
  for (const [qualified, key] of declared) {
    const decl = project.config[key];
    const value = merged.get(qualified);
    if (value === undefined || decl.type === undefined) continue;
    // An offline stand-in is plaintext by design: the CLI never reads it.
    if (decl.secret && value.kind !== "secure" && !offlineKeys.includes(qualified)) {
      problems.push(`Stack '${stack}' with configuration key '${key}' must be encrypted as it's secret`);
    }
    // The CLI type-checks a secret after decrypting it; offline it is checked when a stand-in is given.
    if (value.kind !== "secure" && !fitsConfigType(decl.type, decl.items, value.kind === "object" ? value.json : value.text)) {
      problems.push(`Stack '${stack}' with configuration key '${key}' must be of type '${fullTypeName(decl.type, decl.items)}'`);
    }
  }
  for (const key of [...merged].filter(([, value]) => value.kind === "secure").map(([k]) => k)) {
    problems.push(
      `${key} is an encrypted secret; offline synth cannot decrypt it: give it a stand-in value in ${show(path.join(stackDir, OFFLINE_CONFIG_DIR, `Pulumi.${stack}.yaml`))}`,
    );
  }

  if (problems.length > 0) {
    throw new PulumiLoadError(`${project.name}/${stack} config is not what the Pulumi CLI would load:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  }
  return { values: Object.fromEntries([...merged].map(([key, value]) => [key, asProgramString(value)])), offlineKeys };
}

/**
 * The configuration `pulumi up` would give the program for a stack (no offline stand-ins): fully
 * qualified keys, string values. `overrides` are stack-file entries a test adds.
 */
export function resolveStackConfig(stackDir: string, stack: string, overrides: Record<string, unknown> = {}): Record<string, string> {
  return { ...loadStackConfig(stackDir, stack, { overrides }).values };
}

/**
 * Every committed stack of a project (each `Pulumi.<stack>.yaml`), loaded under the CLI's rules with
 * its offline stand-ins: stack name -> the keys the offline file supplies. Throws on the first stack
 * the CLI would refuse, with its message.
 */
export function committedStacks(stackDir: string): Record<string, readonly string[]> {
  const stacks = fs
    .readdirSync(stackDir)
    .map((file) => /^Pulumi\.(.+)\.yaml$/.exec(file)?.[1])
    .filter((stack): stack is string => stack !== undefined)
    .sort();
  return Object.fromEntries(stacks.map((stack) => [stack, loadStackConfig(stackDir, stack, { offline: true }).offlineKeys]));
}
