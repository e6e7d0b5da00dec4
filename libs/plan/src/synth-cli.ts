import * as path from "node:path";
import { OFFLINE_CONFIG_DIR } from "@fin/testing";
import { DIST_DIR, PLAN_FILES, layerDir } from "./layout";
import { countsLine, typeLines } from "./summary";
import { AS_HOST_FLAG, RunNode, runNode, synthHost } from "./shared-network";
import { synthStack } from "./synth";

export interface CliIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
}

const USAGE = "usage: synth <stack-dir> [--stack=<name>] [--dist=<dir>]   (stack defaults to dev, dist to dist; writes <dist>/<stack>/<layer>/)";

/** How synth runs the host's synth and policy check for a guest network (ADR 0019); tests replace it. */
export interface HostRunner {
  readonly run: RunNode;
  readonly env: NodeJS.ProcessEnv;
}

/** The layer a synth command line names, its paths resolved under the workspace root. */
export interface SynthTarget {
  readonly stackDir: string;
  readonly stack: string;
  readonly distRoot: string;
  /** Where the layer's plan files go: `<distRoot>/<stack>/<layer>` (layout.ts, `layerDir`). */
  readonly outDir: string;
  readonly asHost: boolean;
}

/**
 * What `synth <stack-dir> [--stack=<name>] [--dist=<dir>] [--as-host]` names, or undefined when it
 * does not name exactly one layer directory. bin/synth.js reads it too, to find the plan it checks.
 */
export function synthTarget(argv: readonly string[], workspaceRoot: string): SynthTarget | undefined {
  const flags = new Map(argv.filter((a) => a.startsWith("--")).map((a) => a.slice(2).split("=") as [string, string]));
  const positional = argv.filter((a) => !a.startsWith("--"));
  if (positional.length !== 1) {
    return undefined;
  }
  const stackDir = path.resolve(workspaceRoot, positional[0]);
  const stack = flags.get("stack") || "dev";
  const distRoot = path.resolve(workspaceRoot, flags.get("dist") ?? DIST_DIR);
  return { stackDir, stack, distRoot, outDir: layerDir(distRoot, stack, path.basename(stackDir)), asHost: flags.has(AS_HOST_FLAG.slice(2)) };
}

/**
 * `synth <stackDir> --stack=dev`: plans one layer of one environment and prints its summary (the
 * counts by operation and by type); returns the process exit code, printing one clear message on failure.
 */
export async function synthCli(
  argv: readonly string[],
  load: (entryPoint: string) => unknown,
  io: CliIo,
  workspaceRoot: string,
  hostRunner: HostRunner = { run: runNode, env: process.env },
): Promise<number> {
  const target = synthTarget(argv, workspaceRoot);
  if (target === undefined) {
    io.err(USAGE);
    return 2;
  }
  const { stackDir, stack, distRoot, asHost } = target;
  try {
    const prepareHost = async (host: string) => {
      io.out(`${path.basename(stackDir)}/${stack} is a guest of ${host}'s network (ADR 0019): synthesizing ${host}'s security and network first`);
      const failure = await synthHost({ guestStack: stack, host, stackDir, distRoot, root: workspaceRoot, ...hostRunner, out: io.out });
      if (failure !== undefined) {
        throw new Error(failure);
      }
    };
    const result = await synthStack({ stackDir, stack, distRoot, load, root: workspaceRoot, prepareHost, asHost });
    const shown = path.relative(workspaceRoot, result.outDir);
    io.out(`${result.layer}/${stack}: ${countsLine(result.meta.counts)} -> ${shown}/${PLAN_FILES.preview}, ${PLAN_FILES.mockOutputs}`);
    for (const line of typeLines(result.meta.counts)) {
      io.out(line);
    }
    if (result.meta.offlineConfig.length > 0) {
      const file = path.relative(workspaceRoot, path.join(stackDir, OFFLINE_CONFIG_DIR, `Pulumi.${stack}.yaml`));
      io.out(`  offline stand-ins from ${file}: ${result.meta.offlineConfig.join(", ")} (the real CLI never reads this file; set them in Pulumi.${stack}.yaml to deploy)`);
    }
    return 0;
  } catch (error) {
    io.err(`synth ${path.basename(stackDir)}/${stack} failed, nothing was written:\n${(error as Error).message}`);
    return 1;
  }
}
