import * as fs from "node:fs";
import * as path from "node:path";
import type { Layer } from "@fin/config";
import { CONTRACT_KEYS, DeployedOutputs, LAYER_INPUTS } from "./layers";
import { NetworkHost, networkHostOf } from "./shared-network";

/** Where `deploy` writes `pulumi stack output --json` for a layer and stack: `<dist>/<stack>/<layer>/outputs.json`. */
export function outputsPath(distRoot: string, layer: Layer, stack: string): string {
  return path.join(distRoot, stack, layer, "outputs.json");
}

/** Where the integration report of a layer and stack goes, next to the deployed outputs. */
export function reportPath(distRoot: string, layer: Layer, stack: string): string {
  return path.join(distRoot, stack, layer, "integration.json");
}

/** The Nx configurations (`-c`); any other stack is named with `--stack=` (pr-<n>, pr-shared). */
const CONFIGURATIONS = ["dev", "staging", "prod"];

/** The command that produces a layer's deployed outputs. */
export function deployCommand(layer: Layer, stack: string): string {
  return `npx nx run ${layer}:deploy ${CONFIGURATIONS.includes(stack) ? `-c ${stack}` : `--stack=${stack}`}`;
}

/** Something the run needs is not there; the message says what and which command to run first. */
export class MissingPrerequisiteError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MissingPrerequisiteError";
  }
}

function readOne(distRoot: string, layer: Layer, stack: string, workspaceRoot: string): Record<string, unknown> {
  const file = outputsPath(distRoot, layer, stack);
  const shown = path.relative(workspaceRoot, file);
  if (!fs.existsSync(file)) {
    throw new MissingPrerequisiteError(`no deployed outputs for ${layer}/${stack}: ${shown} does not exist. Deploy it first: ${deployCommand(layer, stack)}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (error) {
    throw new MissingPrerequisiteError(`${shown} is not valid JSON (${(error as Error).message}). Re-run ${deployCommand(layer, stack)}`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new MissingPrerequisiteError(`${shown} is not a JSON object of stack outputs. Re-run ${deployCommand(layer, stack)}`);
  }
  const missing = Object.keys(CONTRACT_KEYS[layer]).filter((k) => !(k in parsed));
  if (missing.length > 0) {
    throw new MissingPrerequisiteError(
      `${shown} lacks contract outputs ${missing.join(", ")} (deployed from an older revision?). Re-run ${deployCommand(layer, stack)}`,
    );
  }
  return parsed as Record<string, unknown>;
}

/** Reads the outputs a layer's checks need (its own and the upstream ones), checked against the contracts. */
export function loadLayerOutputs(distRoot: string, layer: Layer, stack: string, workspaceRoot: string): Partial<DeployedOutputs> {
  return Object.fromEntries(LAYER_INPUTS[layer].map((l) => [l, readOne(distRoot, l, stack, workspaceRoot)])) as Partial<DeployedOutputs>;
}

/**
 * For a network layer that is a guest of a shared host (its plan says so, `networkHostOf`): the
 * host's deployed security and network outputs, checked against the contracts like the stack's own.
 * Undefined for every other layer and for a network of its own.
 */
export function loadNetworkHost(distRoot: string, layer: Layer, stack: string, workspaceRoot: string): NetworkHost | undefined {
  const host = layer === "network" ? networkHostOf(distRoot, stack, workspaceRoot) : undefined;
  if (host === undefined) {
    return undefined;
  }
  return {
    stack: host,
    security: readOne(distRoot, "security", host, workspaceRoot) as unknown as NetworkHost["security"],
    network: readOne(distRoot, "network", host, workspaceRoot) as unknown as NetworkHost["network"],
  };
}
