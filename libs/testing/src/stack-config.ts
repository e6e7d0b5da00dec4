import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";

/** The parts of a Pulumi.yaml synth and the tests need. */
export interface PulumiProject {
  readonly name: string;
  /** The program entry point, relative to the project directory (Pulumi's default: "."). */
  readonly main: string;
  readonly config: Record<string, { type?: string; description?: string; default?: unknown; value?: unknown }>;
}

export function readPulumiProject(stackDir: string): PulumiProject {
  const doc = parse(fs.readFileSync(path.join(stackDir, "Pulumi.yaml"), "utf8")) as Partial<PulumiProject>;
  return { name: String(doc.name), main: doc.main ?? ".", config: doc.config ?? {} };
}

// Pulumi hands the program non-string config values as JSON text.
const asConfigString = (value: unknown): string => (typeof value === "string" ? value : JSON.stringify(value));

/**
 * The configuration `pulumi up` would give the program for a stack: project defaults from
 * Pulumi.yaml (`default` for project keys, `value` for namespaced ones), overlaid by
 * Pulumi.<stack>.yaml. Fully qualified keys, string values.
 */
export function resolveStackConfig(stackDir: string, stack: string, overrides: Record<string, unknown> = {}): Record<string, string> {
  const project = readPulumiProject(stackDir);
  const config: Record<string, string> = {};
  for (const [key, decl] of Object.entries(project.config)) {
    const qualified = key.includes(":") ? key : `${project.name}:${key}`;
    const value = decl.value ?? decl.default;
    if (value !== undefined) {
      config[qualified] = asConfigString(value);
    }
  }
  const stackFile = path.join(stackDir, `Pulumi.${stack}.yaml`);
  if (!fs.existsSync(stackFile)) {
    throw new Error(`Stack '${stack}' has no ${path.relative(process.cwd(), stackFile)}: create it (pulumi stack init ${stack}) or pick dev, staging or prod`);
  }
  const stackDoc = (parse(fs.readFileSync(stackFile, "utf8")) ?? {}) as { config?: Record<string, unknown> };
  for (const [key, value] of Object.entries({ ...stackDoc.config, ...overrides })) {
    if (typeof value === "object" && value !== null && "secure" in value) {
      throw new Error(`${key} is an encrypted secret; offline synth cannot decrypt it`);
    }
    config[key] = asConfigString(value);
  }
  return config;
}
