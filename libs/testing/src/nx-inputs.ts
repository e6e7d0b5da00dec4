// Test support: the files Nx hashes for a task, for tests that state what a cached target depends on.
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { scratchDir } from "./scratch";

/**
 * The files Nx hashes for `task` (`<project>:<target>`), as Nx itself resolves the target's inputs
 * (`nx show target inputs <task> --json`, Nx 23). Nx runs with a cache and workspace-data directory of
 * its own, no daemon and nothing from an enclosing Nx run's environment, so a test that is itself an Nx
 * task leaves that run's state alone. Throws with Nx's output when Nx fails (an unknown task).
 */
export function targetInputFiles(workspaceRoot: string, task: string): string[] {
  const data = scratchDir("nx-inputs-");
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith("NX_")));
  const shown = spawnSync(process.execPath, [path.join(workspaceRoot, "node_modules", "nx", "dist", "bin", "nx.js"), "show", "target", "inputs", task, "--json"], {
    cwd: workspaceRoot,
    encoding: "utf8",
    env: { ...env, NX_DAEMON: "false", NX_NO_CLOUD: "true", NX_CACHE_DIRECTORY: path.join(data, "cache"), NX_WORKSPACE_DATA_DIRECTORY: path.join(data, "workspace-data") },
  });
  if (shown.status !== 0) throw new Error(`nx show target inputs ${task} failed with status ${shown.status}:\n${shown.stdout}${shown.stderr}`);
  return (JSON.parse(shown.stdout) as { files: string[] }).files;
}
