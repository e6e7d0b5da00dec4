import { spawnSync } from "node:child_process";
import { selfChildrenCpuMs } from "./cpu";

export interface ExecResult {
  readonly status: number | null;
  readonly wallMs: number;
  /** CPU (user + system) of the command and every process it waited for. */
  readonly cpuMs: number;
  readonly output: string;
}

export interface ExecOptions {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
}

export type Exec = (command: string, args: readonly string[], options: ExecOptions) => ExecResult;

/** Runs a command to its end, timing its wall clock and its CPU (the children's rusage before and after). */
export const exec: Exec = (command, args, options) => {
  const cpuBefore = selfChildrenCpuMs();
  const start = process.hrtime.bigint();
  const result = spawnSync(command, [...args], { cwd: options.cwd, env: options.env, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  // A command that could not start at all (missing, or a cwd that does not exist) has no output: say why.
  const output = result.error ? `${result.error.message}\n` : `${result.stdout}${result.stderr}`;
  return { status: result.status, wallMs, cpuMs: selfChildrenCpuMs() - cpuBefore, output };
};
