import * as path from "node:path";
import { LAYERS, Layer } from "@fin/config";
import { DIST_DIR } from "./layout";
import { PlanFileError, readLayer } from "./read";
import type { CliIo } from "./synth-cli";
import { renderTree } from "./tree";

export const PLAN_USAGE = "usage: plan [--stack=<env>] [--layer=<layer>] [--dist=<dir>]   (npm run plan -- -c <env>; stack defaults to dev, dist to dist)";

/**
 * `plan --stack=<env>`: prints every layer's synthesized plan of one environment as a tree, in
 * deployment order. Returns the exit code; a missing or invalid plan file is one message naming it.
 */
export function planCli(argv: readonly string[], io: CliIo, workspaceRoot: string): number {
  const flags = new Map<string, string>();
  for (const arg of argv) {
    const match = /^--(stack|layer|dist)=(.+)$/.exec(arg);
    if (!match) {
      io.err(PLAN_USAGE);
      return 2;
    }
    flags.set(match[1], match[2]);
  }
  const layer = flags.get("layer");
  if (layer !== undefined && !LAYERS.includes(layer as Layer)) {
    io.err(`plan: --layer=${layer} is not a layer (expected one of ${LAYERS.join(", ")})`);
    return 2;
  }
  const stack = flags.get("stack") ?? "dev";
  const distRoot = path.resolve(workspaceRoot, flags.get("dist") ?? DIST_DIR);
  try {
    const layers = (layer ? [layer as Layer] : LAYERS).map((l) => readLayer(distRoot, stack, l, workspaceRoot));
    layers.forEach((l, i) => {
      if (i > 0) {
        io.out("");
      }
      renderTree(l).forEach((line) => io.out(line));
    });
    return 0;
  } catch (error) {
    if (error instanceof PlanFileError) {
      io.err(`plan ${stack}: ${error.message}`);
      return 1;
    }
    throw error;
  }
}
