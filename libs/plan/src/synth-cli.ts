import * as path from "node:path";
import { OFFLINE_CONFIG_DIR } from "@fin/testing";
import { DIST_DIR, PLAN_FILES } from "./layout";
import { countsLine, typeLines } from "./summary";
import { synthStack } from "./synth";

export interface CliIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
}

const USAGE = "usage: synth <stack-dir> [--stack=<name>] [--dist=<dir>]   (stack defaults to dev, dist to dist; writes <dist>/<stack>/<layer>/)";

/**
 * `synth <stackDir> --stack=dev`: plans one layer of one environment and prints its summary (the
 * counts by operation and by type); returns the process exit code, printing one clear message on failure.
 */
export async function synthCli(
  argv: readonly string[],
  load: (entryPoint: string) => unknown,
  io: CliIo,
  workspaceRoot: string,
): Promise<number> {
  const flags = new Map(argv.filter((a) => a.startsWith("--")).map((a) => a.slice(2).split("=") as [string, string]));
  const positional = argv.filter((a) => !a.startsWith("--"));
  if (positional.length !== 1) {
    io.err(USAGE);
    return 2;
  }
  const stackDir = path.resolve(workspaceRoot, positional[0]);
  const stack = flags.get("stack") || "dev";
  const distRoot = path.resolve(workspaceRoot, flags.get("dist") ?? DIST_DIR);
  try {
    const result = await synthStack({ stackDir, stack, distRoot, load, root: workspaceRoot });
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
