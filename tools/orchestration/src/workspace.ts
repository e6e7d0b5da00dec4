// What the wrapper knows about the layers before it runs Pulumi, read from the files the Pulumi CLI
// and Nx read themselves: each layer's Pulumi.yaml (project name, config declarations), its
// Pulumi.<stack>.yaml (the stack's config) and its project.json (the layer order). The stack file is
// read with the `yaml` package rather than `pulumi config get --json`: it is the file the CLI itself
// reads for a stack's config (pulumi/pulumi sdk/go/common/workspace/loaders.go LoadProjectStack;
// a missing file is an empty config), it needs no backend login or secrets decryption, and it costs
// no extra CLI start per layer.
import fs from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { ENVIRONMENT_SUFFIX_KEY, PROTECTED_KEY, StackProtection, stackProtection } from "@fin/naming";
import { UsageError } from "./flags";

export interface Layer {
  /** The Nx project name (`data`), as in `nx run data:deploy`. */
  readonly name: string;
  /** The project directory relative to the workspace root, `/`-separated (`stacks/data`). */
  readonly root: string;
  readonly dir: string;
  /** The Pulumi project name (`fin-data`), the second part of every URN. */
  readonly project: string;
  readonly implicitDependencies: readonly string[];
  /** Where the Pulumi.<stack>.yaml files live (Pulumi.yaml `stackConfigDir`, else the project directory). */
  readonly stackConfigDir: string;
  /** Pulumi.yaml's defaults for `protected` and `environmentSuffix`. */
  readonly protectedDefault: boolean;
  readonly suffixDefault: unknown;
}

export interface StackSettings {
  /** The stack file, relative to the workspace root. */
  readonly file: string;
  readonly protection: StackProtection;
  /** The stack's `environmentSuffix`; undefined when unset ("" included, the Pulumi.yaml default). */
  readonly environmentSuffix: string | undefined;
}

const toPosix = (p: string): string => p.split(path.sep).join("/");

function readYaml(file: string): Record<string, unknown> {
  const doc: unknown = parse(fs.readFileSync(file, "utf8"));
  return doc !== null && typeof doc === "object" ? (doc as Record<string, unknown>) : {};
}

function asBoolean(where: string, value: unknown): boolean {
  if (value === true || value === "true") return true;
  if (value === false || value === "false") return false;
  throw new UsageError(`${where} must be true or false, got ${JSON.stringify(value)}`);
}

function readLayer(workspaceRoot: string, dir: string): Layer {
  const project = JSON.parse(fs.readFileSync(path.join(dir, "project.json"), "utf8")) as { name: string; implicitDependencies?: string[] };
  const pulumi = readYaml(path.join(dir, "Pulumi.yaml"));
  const config = (pulumi.config ?? {}) as Record<string, { default?: unknown } | undefined>;
  const root = toPosix(path.relative(workspaceRoot, dir));
  const declared = config[PROTECTED_KEY]?.default;
  if (typeof pulumi.name !== "string") {
    throw new UsageError(`${root}/Pulumi.yaml names no project (name: <project>)`);
  }
  return {
    name: project.name,
    root,
    dir,
    project: pulumi.name,
    implicitDependencies: project.implicitDependencies ?? [],
    stackConfigDir: typeof pulumi.stackConfigDir === "string" ? path.resolve(dir, pulumi.stackConfigDir) : dir,
    protectedDefault: declared === undefined ? false : asBoolean(`${root}/Pulumi.yaml: config.${PROTECTED_KEY}.default`, declared),
    suffixDefault: config[ENVIRONMENT_SUFFIX_KEY]?.default,
  };
}

/**
 * Every layer next to `projectRoot` (each directory with a project.json and a Pulumi.yaml), in
 * dependency order, dependencies first (ties by name), as Nx orders deploy.
 */
export function readLayers(workspaceRoot: string, projectRoot: string): { self: Layer; layers: Layer[] } {
  const selfDir = path.resolve(workspaceRoot, projectRoot);
  const parent = path.dirname(selfDir);
  const unordered = fs
    .readdirSync(parent)
    .map((d) => path.join(parent, d))
    .filter((d) => fs.existsSync(path.join(d, "project.json")) && fs.existsSync(path.join(d, "Pulumi.yaml")))
    .map((d) => readLayer(workspaceRoot, d))
    .sort((a, b) => a.name.localeCompare(b.name));
  const self = unordered.find((l) => l.dir === selfDir);
  if (self === undefined) {
    throw new UsageError(`${projectRoot} is not a stack project: it needs a project.json and a Pulumi.yaml`);
  }
  const layers: Layer[] = [];
  const visit = (layer: Layer, seen: readonly string[]): void => {
    if (layers.includes(layer)) return;
    if (seen.includes(layer.name)) {
      throw new UsageError(`the layers depend on each other in a cycle: ${[...seen, layer.name].join(" -> ")}`);
    }
    for (const dep of unordered.filter((l) => layer.implicitDependencies.includes(l.name))) visit(dep, [...seen, layer.name]);
    layers.push(layer);
  };
  unordered.forEach((l) => visit(l, []));
  return { self, layers };
}

/** The layers that depend on `layer`, directly or not, in dependency order. */
export function dependentsOf(layer: Layer, layers: readonly Layer[]): Layer[] {
  const dependsOn = (l: Layer): boolean =>
    l.implicitDependencies.includes(layer.name) || layers.some((d) => l.implicitDependencies.includes(d.name) && dependsOn(d));
  return layers.filter((l) => l !== layer && dependsOn(l));
}

/** The layers `layer` depends on, directly or not, in dependency order. */
export function dependenciesOf(layer: Layer, layers: readonly Layer[]): Layer[] {
  return layers.filter((l) => dependentsOf(l, layers).includes(layer));
}

/** A project key as a stack file may write it: `<project>:<key>`, or bare (the CLI namespaces it). */
function stackValue(config: Record<string, unknown>, project: string, key: string): unknown {
  return `${project}:${key}` in config ? config[`${project}:${key}`] : config[key];
}

/** The stack's protection and suffix, from its Pulumi.<stack>.yaml over the Pulumi.yaml defaults. */
export function readStackSettings(workspaceRoot: string, layer: Layer, stack: string): StackSettings {
  const abs = path.join(layer.stackConfigDir, `Pulumi.${stack}.yaml`);
  const file = toPosix(path.relative(workspaceRoot, abs));
  const config = fs.existsSync(abs) ? ((readYaml(abs).config ?? {}) as Record<string, unknown>) : {};
  const protectedValue = stackValue(config, layer.project, PROTECTED_KEY);
  const configured = protectedValue === undefined ? layer.protectedDefault : asBoolean(`${file}: ${layer.project}:${PROTECTED_KEY}`, protectedValue);
  const suffix = stackValue(config, layer.project, ENVIRONMENT_SUFFIX_KEY) ?? layer.suffixDefault;
  if (suffix !== undefined && suffix !== null && typeof suffix !== "string") {
    throw new UsageError(`${file}: ${layer.project}:${ENVIRONMENT_SUFFIX_KEY} must be text, got ${JSON.stringify(suffix)}`);
  }
  return {
    file,
    protection: stackProtection(stack, configured),
    environmentSuffix: typeof suffix === "string" && suffix !== "" ? suffix : undefined,
  };
}

/** The stack file's config of `stack` in `layer` (empty when there is no committed file, as for the CLI). */
function stackConfig(layer: Layer, stack: string): Record<string, unknown> {
  const abs = path.join(layer.stackConfigDir, `Pulumi.${stack}.yaml`);
  return fs.existsSync(abs) ? ((readYaml(abs).config ?? {}) as Record<string, unknown>) : {};
}

/** A project key's value in a stack's committed file, or undefined (unset, or no file). */
export function stackConfigValue(layer: Layer, stack: string, key: string): unknown {
  return stackValue(stackConfig(layer, stack), layer.project, key);
}

/** The stacks that have a committed Pulumi.<stack>.yaml in the layer, by name. */
export function committedStacks(layer: Layer): string[] {
  return fs
    .readdirSync(layer.stackConfigDir)
    .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1])
    .filter((s): s is string => s !== undefined)
    .sort();
}

/** Whether the layer's Pulumi.yaml declares `key` (the network layer declares sharedNetworkStack). */
export function declaresKey(layer: Layer, key: string): boolean {
  const config = (readYaml(path.join(layer.dir, "Pulumi.yaml")).config ?? {}) as Record<string, unknown>;
  return key in config;
}
