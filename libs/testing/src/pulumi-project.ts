// Loads a Pulumi.yaml under the rules the Pulumi CLI applies before any program runs, so a project the
// CLI would refuse does not synth either. The rules, and the wording of each message, follow
// pulumi/pulumi (read at 1b59498, 2026-08-21):
//   - sdk/go/common/workspace/loaders.go   LoadProjectBytes: "could not validate '<file>': <errors>"
//   - sdk/go/common/workspace/project.json the project schema (name, runtime, main, config declarations)
//   - sdk/go/common/workspace/project.go   ValidateProject (the name checks, schema error decoration),
//                                          RewriteShorthandConfigValues, Project.Validate, ValidateConfigValue
// Only the parts of the schema a project of ours can use are checked here (name, description, runtime,
// main, config); backend, options, template, packages and plugins are passed over.
import * as fs from "node:fs";
import * as path from "node:path";
import leven from "leven";
import { parse } from "yaml";

/** project.json `$defs.simpleConfigType`: `number` is not one of them. */
export const CONFIG_TYPES = ["string", "integer", "boolean", "array", "object"] as const;
export type ConfigType = (typeof CONFIG_TYPES)[number];

/** project.json `$defs.configItemsType`: the element type of an array declaration. */
export interface ConfigItemsType {
  readonly type: ConfigType;
  readonly items?: ConfigItemsType;
}

/** One `config:` entry after the CLI's shorthand rewrite (RewriteShorthandConfigValues). */
export interface ConfigDeclaration {
  readonly type?: ConfigType;
  readonly items?: ConfigItemsType;
  readonly description?: string;
  readonly secret?: boolean;
  readonly default?: unknown;
  readonly value?: unknown;
}

/** The parts of a Pulumi.yaml synth and the tests need. */
export interface PulumiProject {
  readonly name: string;
  /** The program entry point, relative to the project directory (Pulumi's default: "."). */
  readonly main: string;
  /** Keyed as written: project keys bare (`vpcCidr`), others namespaced (`aws:region`). */
  readonly config: Readonly<Record<string, ConfigDeclaration>>;
}

/** A project or stack file the CLI would refuse; the message is the CLI's, with the file named. */
export class PulumiLoadError extends Error {
  override readonly name = "PulumiLoadError";
}

/** The attributes project.json's `configTypeDeclaration` allows (`additionalProperties: false`). */
const DECLARATION_ATTRIBUTES = ["default", "description", "items", "secret", "type", "value"];

/** Levenshtein distance the CLI tolerates when it suggests an attribute (maxValidationAttributeDistance). */
const MAX_SUGGESTION_DISTANCE = 2;

/** A file path as messages show it: relative to the workspace (or cwd), like the commands a user types. */
export function displayPath(file: string, root: string = process.cwd()): string {
  return path.relative(root, file);
}

/** The closest candidate (case-insensitive Levenshtein, first alphabetically on ties), as findClosestKey does. */
export function closest(needle: string, candidates: Iterable<string>, maxDistance = Number.POSITIVE_INFINITY): string | undefined {
  let best: string | undefined;
  let bestDistance = maxDistance + 1;
  for (const candidate of [...candidates].sort()) {
    const d = leven(needle.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Go's `Default != nil`: YAML `null` and an absent attribute are the same. */
export const isSet = (v: unknown): boolean => v !== undefined && v !== null;

/** The JSON-schema type name of a YAML value, as santhosh-tekuri/jsonschema reports it ("expected X, but got Y"). */
function jsonType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

/** A value the shorthand form accepts (project.json config `additionalProperties.oneOf`). */
const isShorthand = (v: unknown): boolean => typeof v === "string" || typeof v === "boolean" || Number.isInteger(v) || Array.isArray(v);

/** A project key is bare or `<project>:<key>` (configKeyIsNamespacedByProject). */
export function isProjectKey(projectName: string, key: string): boolean {
  return !key.includes(":") || key.startsWith(`${projectName}:`);
}

/** `array<array<string>>` (InferFullTypeName). */
export function fullTypeName(type: ConfigType | undefined, items?: ConfigItemsType): string {
  return items ? `array<${fullTypeName(items.type, items.items)}>` : String(type);
}

/**
 * Whether a value fits a declared type (project.go ValidateConfigValue): integers may be whole numbers
 * or integer text, booleans may be the text "true"/"false", arrays need an item type.
 */
export function fitsConfigType(type: ConfigType | undefined, items: ConfigItemsType | undefined, value: unknown): boolean {
  switch (type) {
    case "string":
      return typeof value === "string";
    case "integer":
      return Number.isInteger(value) || (typeof value === "string" && /^[+-]?\d+$/.test(value));
    case "boolean":
      return typeof value === "boolean" || value === "true" || value === "false";
    case "object":
      return isObject(value);
    default:
      return Array.isArray(value) && items !== undefined && value.every((item) => fitsConfigType(items.type, items.items, item));
  }
}

/** Schema errors of one `configItemsType` node, with JSON-pointer locations as the CLI prints them. */
function itemsTypeErrors(at: string, node: unknown): string[] {
  if (!isObject(node)) {
    return [`${at}: expected object, but got ${jsonType(node)}`];
  }
  if (node.type === undefined) {
    return [`${at}: missing properties: 'type'`];
  }
  const errors = (CONFIG_TYPES as readonly unknown[]).includes(node.type) ? [] : [typeEnumError(`${at}/type`)];
  if (node.type === "array" && node.items === undefined) {
    errors.push(`${at}: missing properties: 'items'`);
  }
  if (node.items !== undefined) {
    errors.push(...itemsTypeErrors(`${at}/items`, node.items));
  }
  return errors;
}

const typeEnumError = (at: string): string => `${at}: value must be one of ${CONFIG_TYPES.map((t) => `"${t}"`).join(", ")}`;

/** Schema errors of one `config:` entry (project.json config `additionalProperties`). */
function declarationErrors(key: string, node: unknown): string[] {
  const at = `#/config/${key}`;
  if (isShorthand(node)) {
    return [];
  }
  if (!isObject(node)) {
    return [`${at}: oneOf failed`, `${at}: expected string, integer, boolean, array or object, but got ${jsonType(node)}`];
  }
  const errors: string[] = [];
  for (const attribute of Object.keys(node).filter((a) => !DECLARATION_ATTRIBUTES.includes(a))) {
    const suggestion = closest(attribute, DECLARATION_ATTRIBUTES, MAX_SUGGESTION_DISTANCE);
    errors.push(`${at}: additionalProperties '${attribute}' not allowed${suggestion ? `; did you mean '${suggestion}'?` : ""}`);
  }
  if (node.type !== undefined && !(CONFIG_TYPES as readonly unknown[]).includes(node.type)) {
    errors.push(typeEnumError(`${at}/type`));
  }
  if (node.items !== undefined) {
    errors.push(...itemsTypeErrors(`${at}/items`, node.items));
  }
  if (node.description !== undefined && typeof node.description !== "string") {
    errors.push(`${at}/description: expected string, but got ${jsonType(node.description)}`);
  }
  if (node.secret !== undefined && typeof node.secret !== "boolean") {
    errors.push(`${at}/secret: expected boolean, but got ${jsonType(node.secret)}`);
  }
  return errors;
}

const stringOrNull = (doc: Record<string, unknown>, key: string): string[] =>
  doc[key] === undefined || doc[key] === null || typeof doc[key] === "string" ? [] : [`#/${key}: expected string or null, but got ${jsonType(doc[key])}`];

/** ValidateProject: the name checks, then the schema. */
function schemaErrors(doc: Record<string, unknown>): string[] {
  if (!("name" in doc)) {
    const found = closest("name", Object.keys(doc), MAX_SUGGESTION_DISTANCE);
    return [found ? `project is missing a 'name' attribute; found '${found}' instead` : "project is missing a 'name' attribute"];
  }
  if (typeof doc.name !== "string" || doc.name === "") {
    return ["project is missing a non-empty string 'name' attribute"];
  }
  const errors = ["description", "author", "website", "license", "main"].flatMap((key) => stringOrNull(doc, key));
  const runtime = doc.runtime;
  const runtimeOk = (typeof runtime === "string" && runtime !== "") || (isObject(runtime) && typeof runtime.name === "string" && runtime.name !== "");
  if (!runtimeOk) {
    errors.push(`#/runtime: expected a non-empty string or an object with a non-empty 'name', but got ${jsonType(runtime)}`);
  }
  const config = doc.config;
  if (isObject(config)) {
    errors.push(...Object.entries(config).flatMap(([key, node]) => declarationErrors(key, node)));
  } else if (config !== undefined && config !== null) {
    // A string `config:` is the deprecated stack-config directory, which these projects never use.
    errors.push(`#/config: expected object, but got ${jsonType(config)}`);
  }
  return errors;
}

/** RewriteShorthandConfigValues: a bare value is a project key's default, or another namespace's value. */
function rewriteShorthand(projectName: string, config: Record<string, unknown>): Record<string, ConfigDeclaration> {
  return Object.fromEntries(
    Object.entries(config).map(([key, node]) => [
      key,
      isShorthand(node) ? (isProjectKey(projectName, key) ? { default: node } : { value: node }) : (node as ConfigDeclaration),
    ]),
  );
}

/** Project.Validate: what the schema cannot say about each declaration. */
function declarationRuleErrors(projectName: string, config: Readonly<Record<string, ConfigDeclaration>>): string[] {
  const errors: string[] = [];
  for (const [key, decl] of Object.entries(config)) {
    if (isSet(decl.default) && isSet(decl.value)) {
      errors.push(`project config '${key}' cannot have both a 'default' and 'value' attribute`);
    } else if (isProjectKey(projectName, key)) {
      if (decl.type === "array" && decl.items === undefined) {
        errors.push(`The configuration key '${key}' declares an array but does not specify the underlying type via the 'items' attribute`);
      } else if (decl.type !== undefined && isSet(decl.default) && !fitsConfigType(decl.type, decl.items, decl.default)) {
        errors.push(`The default value specified for configuration key '${key}' is not of the expected type '${fullTypeName(decl.type, decl.items)}'`);
      }
    } else if (decl.type !== undefined) {
      errors.push(`Configuration key '${key}' is not namespaced by the project and should not define a type`);
    } else if (isSet(decl.default)) {
      errors.push(
        `Configuration key '${key}' is not namespaced by the project and should not define a default value. Did you mean to use the 'value' attribute instead of 'default'?`,
      );
    } else if (!isSet(decl.value)) {
      errors.push(`Configuration key '${key}' is namespaced and must provide an attribute 'value'`);
    }
  }
  return errors;
}

const fail = (file: string, root: string | undefined, errors: readonly string[]): never => {
  throw new PulumiLoadError(`could not validate '${displayPath(file, root)}': ${errors.length === 1 ? errors[0] : `${errors.length} errors occurred:\n${errors.map((e) => `  * ${e}`).join("\n")}`}`);
};

/**
 * Reads `<stackDir>/Pulumi.yaml` and validates it as the CLI does when it loads a project: the schema
 * first, then the declaration rules. Throws one PulumiLoadError listing every problem.
 */
export function loadPulumiProject(stackDir: string, root?: string): PulumiProject {
  const file = path.join(stackDir, "Pulumi.yaml");
  const doc: unknown = parse(fs.readFileSync(file, "utf8"));
  if (!isObject(doc)) {
    return fail(file, root, [`expected project to be an object, was '${jsonType(doc)}'`]);
  }
  const schema = schemaErrors(doc);
  if (schema.length > 0) {
    return fail(file, root, schema);
  }
  const name = doc.name as string;
  const config = rewriteShorthand(name, isObject(doc.config) ? doc.config : {});
  const rules = declarationRuleErrors(name, config);
  if (rules.length > 0) {
    return fail(file, root, rules);
  }
  return { name, main: typeof doc.main === "string" ? doc.main : ".", config };
}
