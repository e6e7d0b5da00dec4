import * as os from "node:os";
import * as path from "node:path";
import { runBench } from "./bench";
import { Exec } from "./exec";

const USAGE = "usage: bench [--runs=<n>] [--layer=<stack>] [--out=<file>] [--keep]   (runs 3, layer compute, out dist/bench.json)";

export interface BenchArgs {
  readonly runs: number;
  readonly layer: string;
  readonly out: string;
  readonly keep: boolean;
}

/** Reads the flags; a bad one is one message naming the flag, its value and the rule. */
export function parseArgs(argv: readonly string[], layers: readonly string[]): BenchArgs {
  let runs = 3;
  let layer = "compute";
  let out = path.join("dist", "bench.json");
  let keep = false;
  for (const arg of argv) {
    const [flag, value] = arg.split("=", 2) as [string, string | undefined];
    if (flag === "--runs" && value !== undefined) {
      runs = Number(value);
      if (!Number.isInteger(runs) || runs < 1) {
        throw new Error(`--runs=${value}: expected a whole number of runs, at least 1`);
      }
    } else if (flag === "--layer" && value !== undefined) {
      if (!layers.includes(value)) {
        throw new Error(`--layer=${value}: expected one of the stacks ${layers.join(", ")}`);
      }
      layer = value;
    } else if (flag === "--out" && value) {
      out = value;
    } else if (arg === "--keep") {
      keep = true;
    } else {
      throw new Error(`${arg}: not a bench flag`);
    }
  }
  return { runs, layer, out, keep };
}

/** `npm run bench -- <flags>`; returns the exit code. */
export function benchCli(argv: readonly string[], root: string, layers: readonly string[], exec: Exec, log: (line: string) => void): number {
  let args: BenchArgs;
  try {
    args = parseArgs(argv, layers);
  } catch (error) {
    log(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  try {
    runBench({ root, ...args, out: path.resolve(root, args.out), exec, log, loadAverage: () => os.loadavg()[0], tmpDir: os.tmpdir() });
    return 0;
  } catch (error) {
    log((error as Error).message);
    return 1;
  }
}
