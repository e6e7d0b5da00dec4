// A throw-away copy of the workspace's orchestration surface for running the real Nx CLI offline:
// the real nx.json, root package.json, every stack's project.json and this tool's bin/src, with
// node_modules linked in, plus stand-ins for `pulumi` (first on PATH) and the verify CLI. The Pulumi
// programs are not copied: the stand-in never loads them, so these tests pass whatever state the
// layers are in, and nothing is written to the real dist/ or .nx/.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export const REPO_ROOT = path.resolve(__dirname, "../../../..");
const NX_BIN = path.join(REPO_ROOT, "node_modules", "nx", "dist", "bin", "nx.js");

export const LAYERS = fs
  .readdirSync(path.join(REPO_ROOT, "stacks"))
  .filter((d) => fs.existsSync(path.join(REPO_ROOT, "stacks", d, "project.json")))
  .sort();

export interface PulumiEvent {
  readonly event: "start" | "end" | "fail" | "integration";
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

export class Sandbox {
  readonly root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "orch-nx-")));
  private readonly log = path.join(this.root, "pulumi.log");

  constructor() {
    for (const file of ["nx.json", "package.json"]) {
      fs.copyFileSync(path.join(REPO_ROOT, file), path.join(this.root, file));
    }
    for (const layer of LAYERS) {
      fs.mkdirSync(path.join(this.root, "stacks", layer), { recursive: true });
      fs.copyFileSync(path.join(REPO_ROOT, "stacks", layer, "project.json"), path.join(this.root, "stacks", layer, "project.json"));
    }
    for (const dir of ["bin", "src"]) {
      fs.cpSync(path.join(REPO_ROOT, "tools", "orchestration", dir), path.join(this.root, "tools", "orchestration", dir), {
        recursive: true,
      });
    }
    fs.symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(this.root, "node_modules"), "dir");
    fs.mkdirSync(path.join(this.root, "fakebin"));
    fs.copyFileSync(path.join(__dirname, "fake-pulumi"), path.join(this.root, "fakebin", "pulumi"));
    fs.chmodSync(path.join(this.root, "fakebin", "pulumi"), 0o755);
    fs.mkdirSync(path.join(this.root, "libs", "verify", "bin"), { recursive: true });
    fs.writeFileSync(path.join(this.root, "libs", "verify", "bin", "integration.js"), FAKE_INTEGRATION);
  }

  /** Forgets what earlier commands recorded and wrote. */
  reset(): void {
    fs.rmSync(this.log, { force: true });
    fs.rmSync(path.join(this.root, "dist"), { recursive: true, force: true });
  }

  /** Runs the real Nx CLI in the sandbox, as a user would, with the stand-in pulumi first on PATH. */
  nx(args: readonly string[], extraEnv: Record<string, string> = {}): NxResult {
    // Nothing from an enclosing Nx run (this test is itself an Nx task) may leak into the nested one.
    // Colour is forced by an enclosing Nx run; the assertions read plain text.
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("NX_") && k !== "FORCE_COLOR"));
    const result = spawnSync(process.execPath, [NX_BIN, ...args, "--skip-nx-cache", "--output-style=static"], {
      cwd: this.root,
      encoding: "utf8",
      timeout: 120_000,
      env: {
        ...env,
        PATH: `${path.join(this.root, "fakebin")}${path.delimiter}${process.env.PATH}`,
        NX_DAEMON: "false",
        NX_TUI: "false",
        NX_NO_CLOUD: "true",
        // Load the built-in project.json/package.json plugins in-process: same graph, a second less per run.
        NX_ISOLATE_PLUGINS: "false",
        FAKE_PULUMI_LOG: this.log,
        NO_COLOR: "1",
        ...extraEnv,
      },
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
      .filter((e) => e.event === "start" || e.event === "integration")
      .map((e) => [e.layer, e.args]);
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
