// A temporary workspace for the unit tests: the real stacks' project.json, Pulumi.yaml and committed
// Pulumi.<stack>.yaml files (what the wrapper reads before it runs Pulumi), or hand-written ones.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { LAYERS, REPO_ROOT } from "./sandbox";

export function tempWorkspace(): string {
  return fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "orch-ws-")));
}

/** Copies every real layer's orchestration files into `root`/stacks/<layer>. */
export function copyStacks(root: string): void {
  for (const layer of LAYERS) {
    const from = path.join(REPO_ROOT, "stacks", layer);
    fs.mkdirSync(path.join(root, "stacks", layer), { recursive: true });
    for (const file of fs.readdirSync(from).filter((f) => f === "project.json" || /^Pulumi(\.[^.]+)?\.yaml$/.test(f))) {
      fs.copyFileSync(path.join(from, file), path.join(root, "stacks", layer, file));
    }
  }
}

/** Writes a layer by hand: its project.json and the given files (name -> text). */
export function writeLayer(root: string, name: string, implicitDependencies: string[] | undefined, files: Record<string, string>): void {
  const dir = path.join(root, "stacks", name);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "project.json"), JSON.stringify({ name, ...(implicitDependencies ? { implicitDependencies } : {}) }));
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
}
