// A guest network's plan reads its host's (ADR 0019): before synthesizing pr-<n>'s network, synth
// synthesizes the host environment's security and network (and runs their policy check, as the
// synth target does), so `dist/<host>/network/mock-outputs.json` answers the guest's StackReference.
import { spawn } from "node:child_process";
import * as path from "node:path";
import { ConfigReader, SHARED_NETWORK_LAYERS, networkRole, readProfile, readSharedNetworkStack } from "@fin/config";
import { LAYER_PROJECTS } from "@fin/contracts";
import { ENVIRONMENT_SUFFIX_ENV } from "@fin/naming";

/**
 * The host environment a stack's plan reads (its network is a guest), or undefined. Only fin-network
 * has a role. Config that does not validate gives undefined: the program itself then reports every
 * problem in one message, and nothing is synthesized for a host.
 */
export function guestHost(project: string, stack: string, config: Readonly<Record<string, string>>): string | undefined {
  if (project !== LAYER_PROJECTS.network) {
    return undefined;
  }
  const reader = new ConfigReader(project, stack, { get: (key) => config[key] }, {});
  const profile = readProfile(reader);
  const shared = readSharedNetworkStack(reader, profile);
  try {
    reader.done(undefined);
  } catch {
    return undefined;
  }
  const role = networkRole(stack, profile, shared);
  return role.role === "guest" ? role.host : undefined;
}

/** Runs `node <args>` in `cwd` with `env`, handing back its exit code and what it printed. */
export type RunNode = (args: readonly string[], cwd: string, env: NodeJS.ProcessEnv) => Promise<{ code: number; out: string; err: string }>;

/** The real runner: a child `node` process (one program per process, as `pulumi up` runs one). */
export const runNode: RunNode = (args, cwd, env) =>
  new Promise((resolve) => {
    const child = spawn(process.execPath, [...args], { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (err += chunk.toString()));
    child.on("close", (code) => resolve({ code: code ?? 1, out, err }));
  });

/** The synth CLI, and the policy check the synth target runs in its process (`--check`), relative to the workspace root. */
export const SYNTH_BIN = "libs/plan/bin/synth.js";
export const POLICY_CHECK_BIN = "libs/policies/bin/policy-check.js";

/** The flag a host's synth gets: a stack a guest joins must itself be a host, so chains and cycles stop. */
export const AS_HOST_FLAG = "--as-host";

export interface HostSynthRequest {
  readonly guestStack: string;
  readonly host: string;
  /** The guest's stack directory; the host's layers are its siblings (`stacks/security`, `stacks/network`). */
  readonly stackDir: string;
  readonly distRoot: string;
  readonly root: string;
  readonly run: RunNode;
  readonly env: NodeJS.ProcessEnv;
  readonly out: (line: string) => void;
}

/**
 * Synthesizes and policy-checks the host's layers (SHARED_NETWORK_LAYERS) in order, each in its own
 * process, into `<distRoot>/<host>/<layer>/`; returns the first failure's message, or undefined.
 * ENVIRONMENT_SUFFIX is removed from their environment: it names the guest (a CI stack pr-<n>), and
 * the host's stack file names its own suffix, which a different variable would contradict (ADR 0011).
 */
export async function synthHost(request: HostSynthRequest): Promise<string | undefined> {
  const env = { ...request.env };
  delete env[ENVIRONMENT_SUFFIX_ENV];
  const lines = (text: string) => text.split("\n").filter((line) => line !== "");
  for (const layer of SHARED_NETWORK_LAYERS) {
    // One process per layer, as the synth target runs it: synth, then the policy check in the same
    // process (`--check`, bin/synth.js), on the plan it wrote under <dist>/<host>/<layer>/.
    const args = [path.join(path.dirname(request.stackDir), layer), `--stack=${request.host}`, `--dist=${request.distRoot}`, AS_HOST_FLAG, `--check=${POLICY_CHECK_BIN}`];
    const { code, out, err } = await request.run([path.join(request.root, SYNTH_BIN), ...args], request.root, env);
    lines(out).forEach((line) => request.out(line));
    if (code !== 0) {
      return `${layer}/${request.host}, which network/${request.guestStack} reads, failed (${path.basename(SYNTH_BIN)} exited ${code}):\n${err.trim()}`;
    }
  }
  return undefined;
}
