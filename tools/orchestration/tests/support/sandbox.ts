// A throw-away copy of the workspace's orchestration surface for running the real Nx CLI offline:
// the real nx.json, root package.json, every stack's project.json, Pulumi.yaml and committed
// Pulumi.<stack>.yaml files and this tool's bin/src, with node_modules linked in, plus stand-ins for
// `pulumi` (first on PATH, with a toy state: support/fake-pulumi) and the verify CLI. The Pulumi
// programs are not copied: the stand-in never loads them, so these tests pass whatever state the
// layers' code is in, and nothing is written to the real dist/ or .nx/.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export const REPO_ROOT = path.resolve(__dirname, "../../../..");
const NX_BIN = path.join(REPO_ROOT, "node_modules", "nx", "dist", "bin", "nx.js");

const FAKE_RESOURCES = path.join(__dirname, "fake-resources.json");

/**
 * What `stack output --json` of compute answers after the stand-in's `up` with the default imageTag
 * 1.0.0 and nothing pushed: the first-deploy state (ADR 0013). Every other layer answers `{ layer, stack }`.
 */
export const waitingComputeOutputs = (stack: string): Record<string, unknown> => {
  const service = (name: string) => {
    const repositoryUrl = `123456789012.dkr.ecr.us-east-2.amazonaws.com/${name}-${stack}`;
    return {
      serviceName: `${name}-service-${stack}`,
      repositoryUrl,
      imageReference: `${repositoryUrl}:1.0.0`,
      imageStatus: `waiting for image ${repositoryUrl}:1.0.0, 0 tasks`,
    };
  };
  return { layer: "compute", stack, clusterName: `ecs-cluster-${stack}`, services: { api: service("api"), ingest: service("ingest"), processor: service("processor") } };
};

/** The URN the stand-in gives a resource of a layer (its Pulumi project is fin-<layer>). */
export const urn = (stack: string, layer: string, type: string, name: string): string => `urn:pulumi:${stack}::fin-${layer}::${type}::${name}`;

export const LAYERS = fs
  .readdirSync(path.join(REPO_ROOT, "stacks"))
  .filter((d) => fs.existsSync(path.join(REPO_ROOT, "stacks", d, "project.json")))
  .sort();

/**
 * The repository files a Sandbox copies, relative to the root: the real nx.json and root package.json
 * (and, with `lockfile`, package-lock.json), each stack's project.json and top-level Pulumi*.yaml files,
 * and this tool's bin/, src/ and scripts/. The test target's inputs must hold each (targets.test.ts).
 */
export function sandboxCopies(options: { lockfile?: boolean } = {}): string[] {
  const stackFiles = LAYERS.flatMap((layer) =>
    fs
      .readdirSync(path.join(REPO_ROOT, "stacks", layer))
      .filter((f) => f === "project.json" || /^Pulumi(\.[^.]+)?\.yaml$/.test(f))
      .map((f) => `stacks/${layer}/${f}`),
  );
  const toolFiles = ["bin", "src", "scripts"].flatMap((dir) =>
    fs
      .readdirSync(path.join(REPO_ROOT, "tools", "orchestration", dir), { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => path.relative(REPO_ROOT, path.join(entry.parentPath, entry.name)).split(path.sep).join("/")),
  );
  return ["nx.json", "package.json", ...(options.lockfile ? ["package-lock.json"] : []), ...stackFiles, ...toolFiles];
}

/**
 * The repository files the suite reads in place, outside any sandbox: the documents whose commands
 * and workflows it runs or checks, and the configuration targets.test.ts reads. Read through
 * `repoText`, which refuses any other, so this list stays what the test target's inputs are checked against.
 */
export const REPO_READS = [
  "docs/deploy.md",
  "docs/ci-github-actions.md",
  "docs/ci/github-actions.yml",
  "docs/ci/audit.yml",
  "nx.json",
  ...LAYERS.map((layer) => `stacks/${layer}/project.json`),
  "libs/plan/package.json",
  "libs/plan/executors.json",
];

/** A repository file named in REPO_READS, as text. */
export function repoText(relative: string): string {
  if (!REPO_READS.includes(relative)) throw new Error(`${relative} is not in REPO_READS (tests/support/sandbox.ts): name it there, so that the test target's inputs are checked to hold it`);
  return fs.readFileSync(path.join(REPO_ROOT, relative), "utf8");
}

export interface PulumiEvent {
  readonly event: "start" | "end" | "fail" | "integration" | "synth" | "docker" | "aws" | "audit";
  readonly layer: string;
  readonly cwd: string;
  readonly transpileOnly: string;
  readonly args: string;
}

export interface NxResult {
  readonly status: number | null;
  readonly output: string;
}

// Records each verify run the way the fake pulumi does, so integration runs show in the same log.
const FAKE_INTEGRATION = `#!/usr/bin/env node
const fs = require("node:fs");
fs.appendFileSync(process.env.FAKE_PULUMI_LOG, ["integration", require("node:path").basename(process.argv[2]), process.cwd(), "", process.argv.slice(2).join(" ")].join("\\t") + "\\n");
`;

// Records each live audit run and what drift.json it found; exits FAKE_AUDIT_STATUS (default 0).
const FAKE_AUDIT = `#!/usr/bin/env node
const fs = require("node:fs");
const path = require("node:path");
const layer = path.basename(process.argv[2]);
const stack = process.argv[3].replace("--stack=", "");
const drift = JSON.parse(fs.readFileSync(path.join("dist", stack, layer, "drift.json"), "utf8"));
fs.appendFileSync(process.env.FAKE_PULUMI_LOG, ["audit", layer, process.cwd(), "", process.argv.slice(2).join(" ") + " drift=" + drift.status].join("\\t") + "\\n");
process.exit(Number(process.env.FAKE_AUDIT_STATUS ?? "0"));
`;

// The synth module the synth target's executor (libs/plan/executors/synth.js) loads: it records each
// layer's synth and the ENVIRONMENT_SUFFIX it saw (JSON: null when unset) and, like the real synth,
// fails on an empty one; the policy check after it does nothing. For the synth target's inputs.
const FAKE_SYNTH = `const fs = require("node:fs");
const path = require("node:path");
exports.synthLayer = async (root, argv) => {
  const suffix = process.env.ENVIRONMENT_SUFFIX;
  fs.appendFileSync(process.env.FAKE_PULUMI_LOG, ["synth", path.basename(argv[0]), root, "", argv.join(" ") + " ENVIRONMENT_SUFFIX=" + JSON.stringify(suffix === undefined ? null : suffix)].join("\\t") + "\\n");
  if (suffix === "") { console.error("ENVIRONMENT_SUFFIX is set but empty"); return 1; }
  return 0;
};
`;

export class Sandbox {
  readonly root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "orch-nx-")));
  private readonly log = path.join(this.root, "pulumi.log");
  private readonly state = path.join(this.root, "pulumi-state");
  private readonly plans = path.join(this.root, "pulumi-plans");
  private readonly config = path.join(this.root, "pulumi-config");
  /** The toy ECR registry (support/fake-ecr.js) that the stand-in docker pushes to. */
  readonly registry = path.join(this.root, "ecr");

  /** `lockfile`: copy package-lock.json too, which Nx needs to hash a target's externalDependencies (synth). */
  constructor(options: { lockfile?: boolean } = {}) {
    for (const file of sandboxCopies(options)) {
      fs.mkdirSync(path.dirname(path.join(this.root, file)), { recursive: true });
      fs.copyFileSync(path.join(REPO_ROOT, file), path.join(this.root, file));
    }
    fs.symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(this.root, "node_modules"), "dir");
    fs.mkdirSync(path.join(this.root, "fakebin"));
    fs.copyFileSync(path.join(__dirname, "fake-pulumi"), path.join(this.root, "fakebin", "pulumi"));
    fs.chmodSync(path.join(this.root, "fakebin", "pulumi"), 0o755);
    // `npx nx ...` as a runbook types it: this workspace's Nx, uncached, plain output (nothing else is run through npx).
    fs.writeFileSync(
      path.join(this.root, "fakebin", "npx"),
      `#!/bin/sh\nif [ "$1" = nx ]; then shift; c="$1"; shift; exec '${process.execPath}' '${NX_BIN}' "$c" --skip-nx-cache --output-style=static "$@"; fi\necho "npx stand-in: only npx nx" >&2; exit 127\n`,
      { mode: 0o755 },
    );
    // Stand-ins for docker and the AWS CLI (the runbook and the release call them), on the same log.
    for (const tool of ["docker", "aws"]) {
      fs.copyFileSync(path.join(__dirname, `fake-${tool}`), path.join(this.root, "fakebin", tool));
      fs.chmodSync(path.join(this.root, "fakebin", tool), 0o755);
    }
    fs.mkdirSync(path.join(this.root, "libs", "verify", "bin"), { recursive: true });
    fs.writeFileSync(path.join(this.root, "libs", "verify", "bin", "integration.js"), FAKE_INTEGRATION);
    fs.writeFileSync(path.join(this.root, "libs", "verify", "bin", "audit.js"), FAKE_AUDIT);
    fs.mkdirSync(path.join(this.root, "libs", "plan", "bin"), { recursive: true });
    fs.writeFileSync(path.join(this.root, "libs", "plan", "bin", "synth.js"), FAKE_SYNTH);
  }

  /** Where save() keeps its copies. */
  private readonly saved = path.join(this.root, "saved");

  /** What the stand-ins and the wrapper leave behind, each a directory right under the root. */
  private get outcomes(): string[] {
    return [path.join(this.root, "dist"), this.state, this.plans, this.config, this.registry];
  }

  /** Forgets what earlier commands recorded, wrote and deployed. */
  reset(): void {
    for (const p of [this.log, ...this.outcomes]) fs.rmSync(p, { recursive: true, force: true });
  }

  /**
   * Keeps a copy of what the commands so far left (toy state, config, canned plans, registry, dist/)
   * as `name`, so that tests which all start from it pay for the Nx runs that made it once.
   */
  save(name: string): void {
    const to = path.join(this.saved, name);
    fs.rmSync(to, { recursive: true, force: true });
    fs.mkdirSync(to, { recursive: true });
    for (const p of this.outcomes.filter((o) => fs.existsSync(o))) fs.cpSync(p, path.join(to, path.basename(p)), { recursive: true });
  }

  /** reset(), then puts back what save(name) kept: the state as those runs left it, with an empty log. */
  restore(name: string): void {
    this.reset();
    const from = path.join(this.saved, name);
    for (const entry of fs.readdirSync(from)) fs.cpSync(path.join(from, entry), path.join(this.root, entry), { recursive: true });
  }

  /** Seeds the toy state as if `up` had run: `layer`'s stack `stack` holds its support/fake-resources.json resources. */
  deployed(stack: string, ...layers: string[]): void {
    const table = JSON.parse(fs.readFileSync(FAKE_RESOURCES, "utf8")) as Record<string, [string, string][]>;
    for (const layer of layers) {
      fs.mkdirSync(path.join(this.state, layer), { recursive: true });
      const urns = table[layer].map(([type, name]) => urn(stack, layer, type, name));
      fs.writeFileSync(path.join(this.state, layer, `${stack}.json`), JSON.stringify(urns));
    }
  }

  /** The URNs the toy state holds for a layer's stack; undefined when it was never deployed. */
  resources(layer: string, stack: string): string[] | undefined {
    const file = path.join(this.state, layer, `${stack}.json`);
    return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, "utf8")) as string[]) : undefined;
  }

  /** What `pulumi preview --json` answers in a layer for a stack from now on. */
  plan(layer: string, stack: string, plan: unknown): void {
    fs.mkdirSync(this.plans, { recursive: true });
    fs.writeFileSync(path.join(this.plans, `${layer}.${stack}.json`), JSON.stringify(plan));
  }

  private env(extraEnv: Record<string, string>): NodeJS.ProcessEnv {
    // Nothing from an enclosing Nx run (this test is itself an Nx task) may leak into the nested one.
    // Colour is forced by an enclosing Nx run; the assertions read plain text. No ENVIRONMENT_SUFFIX
    // from the shell that runs the tests either: a test sets it when it means to.
    const env = Object.fromEntries(
      Object.entries(process.env).filter(([k]) => !k.startsWith("NX_") && k !== "FORCE_COLOR" && k !== "ENVIRONMENT_SUFFIX"),
    );
    return {
      ...env,
      PATH: `${path.join(this.root, "fakebin")}${path.delimiter}${process.env.PATH}`,
      NX_DAEMON: "false",
      NX_TUI: "false",
      NX_NO_CLOUD: "true",
      // Load the built-in project.json/package.json plugins in-process: same graph, a second less per run.
      NX_ISOLATE_PLUGINS: "false",
      // The sandbox's own .nx/cache and .nx/workspace-data, which is where Nx puts them anyway for a
      // directory that is not a git repository; named, Nx skips the three git processes (remote -v,
      // rev-parse, rev-list) it spawns per run to look for a workspace identity to share them under
      // (nx/src/utils/cache-directory.ts, computeSharedDataLocation; Nx 23.2.1). ADR 0018.
      NX_CACHE_DIRECTORY: path.join(this.root, ".nx", "cache"),
      NX_WORKSPACE_DATA_DIRECTORY: path.join(this.root, ".nx", "workspace-data"),
      FAKE_PULUMI_LOG: this.log,
      FAKE_PULUMI_STATE: this.state,
      FAKE_PULUMI_PLANS: this.plans,
      FAKE_PULUMI_RESOURCES: FAKE_RESOURCES,
      FAKE_PULUMI_CONFIG: this.config,
      FAKE_ECR_DIR: this.registry,
      FAKE_ECR_MODULE: path.join(__dirname, "fake-ecr.js"),
      NO_COLOR: "1",
      ...extraEnv,
    };
  }

  /**
   * Runs the real Nx CLI in the sandbox, as a user would, with the stand-in pulumi first on PATH.
   * `args[0]` is the Nx command (run, run-many); the sandbox's own Nx flags go right after it, since
   * Nx hands everything after a `--` in `args` to the tasks.
   */
  nx(args: readonly string[], extraEnv: Record<string, string> = {}, options: { cache?: boolean } = {}): NxResult {
    const [command, ...rest] = args;
    const own = [...(options.cache ? [] : ["--skip-nx-cache"]), "--output-style=static"];
    const result = spawnSync(process.execPath, [NX_BIN, command, ...own, ...rest], {
      cwd: this.root,
      encoding: "utf8",
      timeout: 120_000,
      env: this.env(extraEnv),
    });
    return { status: result.status, output: `${result.stdout}${result.stderr}`.replace(/\u001b\[[0-9;]*m/g, "") };
  }

  /**
   * Runs a command line exactly as printed for a user (`npx nx run ...`, shell quoting and all)
   * through `sh -c`, with this workspace's Nx in place of `npx nx`.
   */
  shell(commandLine: string, extraEnv: Record<string, string> = {}): NxResult {
    const nx = `'${process.execPath}' '${NX_BIN}' run --skip-nx-cache --output-style=static `;
    const line = commandLine.replace(/(^|\s)npx nx run /, (_, lead: string) => `${lead}${nx}`);
    const result = spawnSync("sh", ["-c", line], { cwd: this.root, encoding: "utf8", timeout: 120_000, env: this.env(extraEnv) });
    return { status: result.status, output: `${result.stdout}${result.stderr}`.replace(/\u001b\[[0-9;]*m/g, "") };
  }

  /**
   * Runs a multi-line bash script (a runbook block) in the sandbox, stopping at the first failing command.
   * `--norc` and no stdin: a non-interactive bash whose stdin is a socket (Node's stdio pipes are
   * socketpairs) and whose SHLVL is unset takes itself for a remote shell and sources ~/.bashrc
   * (bash(1), INVOCATION). On a machine whose ~/.bashrc puts pyenv's shims first on PATH, the real AWS
   * CLI then ran instead of the stand-in, the first time under `npm run bench`, where SHLVL is not passed down.
   */
  script(text: string, extraEnv: Record<string, string> = {}): NxResult {
    const result = spawnSync("bash", ["--norc", "--noprofile", "-e", "-o", "pipefail", "-c", text], {
      cwd: this.root,
      encoding: "utf8",
      timeout: 600_000,
      env: this.env(extraEnv),
      stdio: ["ignore", "pipe", "pipe"],
    });
    return { status: result.status, output: `${result.stdout}${result.stderr}`.replace(/\u001b\[[0-9;]*m/g, "") };
  }

  /** Every recorded call, in the order the calls happened. */
  events(): PulumiEvent[] {
    if (!fs.existsSync(this.log)) return [];
    return fs
      .readFileSync(this.log, "utf8")
      .trim()
      .split("\n")
      .map((line) => {
        const [event, layer, cwd, transpileOnly, args] = line.split("\t");
        return { event, layer, cwd, transpileOnly, args } as PulumiEvent;
      });
  }

  /** `[layer, argv]` of each call as it started. */
  started(): [string, string][] {
    return this.events()
      .filter((e) => e.event === "start" || e.event === "integration" || e.event === "synth" || e.event === "audit")
      .map((e) => [e.layer, e.args]);
  }

  /** `[tool, argv]` of every pulumi, docker, aws and integration call, in order ("pulumi <layer>", "integration <layer>"). */
  calls(): [string, string][] {
    return this.events()
      .filter((e) => ["start", "docker", "aws", "integration"].includes(e.event))
      .map((e) => [e.event === "start" ? `pulumi ${e.layer}` : e.event === "integration" ? `integration ${e.layer}` : e.event, e.args]);
  }

  /** Pushes an image into the toy registry as `docker push` would; returns its digest. */
  pushed(repositoryUrl: string, tag: string): string {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const ecr = require("./fake-ecr.js") as { push: (url: string, tag: string) => string };
    const previous = process.env.FAKE_ECR_DIR;
    process.env.FAKE_ECR_DIR = this.registry;
    try {
      return ecr.push(repositoryUrl, tag);
    } finally {
      process.env.FAKE_ECR_DIR = previous;
    }
  }

  readJson(relative: string): unknown {
    return JSON.parse(fs.readFileSync(path.join(this.root, relative), "utf8"));
  }

  exists(relative: string): boolean {
    return fs.existsSync(path.join(this.root, relative));
  }

  dispose(): void {
    fs.rmSync(this.root, { recursive: true, force: true });
  }
}
