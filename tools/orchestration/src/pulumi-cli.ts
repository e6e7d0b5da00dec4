// Finding and running the Pulumi CLI.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { UsageError } from "./flags";

export type Env = Readonly<Record<string, string | undefined>>;

export function isExecutableFile(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * The `pulumi` on PATH (what a developer or CI installed); otherwise the workspace's
 * `node_modules/.bin/pulumi` from the `pulumi` npm package, pinned to the SDK's version when added.
 */
export function resolvePulumi(env: Env, workspaceRoot: string, isExecutable = isExecutableFile): string {
  const dirs = (env.PATH ?? "").split(path.delimiter).filter((d) => d !== "");
  const candidates = [...dirs.map((d) => path.join(d, "pulumi")), path.join(workspaceRoot, "node_modules", ".bin", "pulumi")];
  const found = candidates.find((c) => isExecutable(c));
  if (found === undefined) {
    throw new UsageError(
      "pulumi CLI not found on PATH nor in node_modules/.bin: install it (https://www.pulumi.com/docs/install/) " +
        "or add the `pulumi` npm package at the version of @pulumi/pulumi (see docs/deploy.md)",
    );
  }
  return found;
}

/**
 * The environment of every Pulumi run. Transpile-only: the programs are type-checked by the
 * cached `typecheck` target, so Pulumi's ts-node need not type-check @pulumi/aws again on every
 * preview/up (minutes of CPU per layer). No update check: CI logs stay quiet and offline-safe.
 */
export function pulumiEnv(env: Env): Record<string, string | undefined> {
  return { ...env, PULUMI_NODEJS_TRANSPILE_ONLY: "true", PULUMI_SKIP_UPDATE_CHECK: "true" };
}

export interface RunOptions {
  readonly cwd: string;
  readonly env: Env;
  /** Keep stdout instead of passing it through. */
  readonly capture: boolean;
}

export interface RunResult {
  /** The process's exit status; 128 + signal number when a signal ended it. */
  readonly status: number;
  readonly stdout: string;
}

export type Runner = (file: string, args: readonly string[], options: RunOptions) => RunResult;

/** Runs a process to completion with stdin/stderr inherited; its exit status is the result. */
export const spawnRunner: Runner = (file, args, options) => {
  const result = spawnSync(file, args, {
    cwd: options.cwd,
    env: options.env,
    stdio: ["inherit", options.capture ? "pipe" : "inherit", "inherit"],
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error !== undefined) {
    throw new Error(`could not run ${file}: ${result.error.message}`);
  }
  const status = result.status ?? 128 + os.constants.signals[result.signal as NodeJS.Signals];
  return { status, stdout: result.stdout ?? "" };
};
