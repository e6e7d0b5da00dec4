import * as path from "node:path";
import { OFFLINE_CONFIG_DIR } from "./stack-config";
import { synthStack } from "./synth";

export interface CliIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
}

const USAGE = "usage: synth <stack-dir> [--stack=<name>] [--dist=<dir>]   (stack defaults to dev, dist to dist/stacks)";

/** `synth <stackDir> --stack=dev`: returns the process exit code, printing one clear line on failure. */
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
  const distRoot = path.resolve(workspaceRoot, flags.get("dist") ?? "dist/stacks");
  try {
    const result = await synthStack({ stackDir, stack, distRoot, load, root: workspaceRoot });
    io.out(`${result.layer}/${stack}: ${result.meta.resources} resources planned -> ${path.relative(workspaceRoot, result.outDir)}/preview.json, outputs.json`);
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
