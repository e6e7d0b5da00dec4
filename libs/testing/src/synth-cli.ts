import * as path from "node:path";
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
    const result = await synthStack({ stackDir, stack, distRoot, load });
    io.out(`${result.layer}/${stack}: ${result.meta.resources} resources planned -> ${path.relative(workspaceRoot, result.outDir)}/preview.json, outputs.json`);
    return 0;
  } catch (error) {
    io.err(`synth ${path.basename(stackDir)}/${stack} failed, nothing was written:\n${(error as Error).message}`);
    return 1;
  }
}
