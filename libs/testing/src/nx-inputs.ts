// Test support: what Nx hashes for a task, and which of the libraries the task's code loads it misses,
// for tests that state what a cached target depends on (ADR 0018, eighth and ninth addenda).
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { scratchDir } from "./scratch";

/** A task's cache key as Nx resolves it, with the workspace projects its project's code loads. */
export interface TaskKey {
  /** The task, `<project>:<target>`. */
  readonly task: string;
  /** The root of the task's project. */
  readonly root: string;
  /** Every file Nx hashes for the task. */
  readonly files: string[];
  /**
   * The workspace projects that the task's project imports, directly or through one another
   * (Nx's `static` and `dynamic` dependencies, followed transitively), sorted by name, each with its
   * root. `implicit` dependencies are left out: they order tasks and widen `nx affected`, but load no
   * code. npm packages are left out too: the lockfile is in every key (nx.json's sharedGlobals).
   */
  readonly imports: { readonly name: string; readonly root: string }[];
}

interface CachedGraph {
  nodes: Record<string, { data: { root: string } }>;
  dependencies: Record<string, { target: string; type: string }[]>;
}

/**
 * `task`'s cache key, from one run of `nx show target inputs <task> --json` (Nx 23) with a cache and
 * workspace-data directory of its own, no daemon and nothing from an enclosing Nx run's environment,
 * so a test that is itself an Nx task leaves that run's state alone. The imports come from the project
 * graph that run computed and cached in its workspace data, `project-graph.json`: the file
 * `readCachedProjectGraph` reads (nx/src/project-graph/nx-deps-cache.js, `nxProjectGraph`), in the
 * devkit's `ProjectGraph` shape. Throws with Nx's output when Nx fails (an unknown task).
 */
export function taskKey(workspaceRoot: string, task: string): TaskKey {
  const data = scratchDir("nx-inputs-");
  const workspaceData = path.join(data, "workspace-data");
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith("NX_")));
  const shown = spawnSync(process.execPath, [path.join(workspaceRoot, "node_modules", "nx", "dist", "bin", "nx.js"), "show", "target", "inputs", task, "--json"], {
    cwd: workspaceRoot,
    encoding: "utf8",
    env: { ...env, NX_DAEMON: "false", NX_NO_CLOUD: "true", NX_CACHE_DIRECTORY: path.join(data, "cache"), NX_WORKSPACE_DATA_DIRECTORY: workspaceData },
  });
  if (shown.status !== 0) throw new Error(`nx show target inputs ${task} failed with status ${shown.status}:\n${shown.stdout}${shown.stderr}`);
  const { project, files } = JSON.parse(shown.stdout) as { project: string; files: string[] };
  const graph = JSON.parse(fs.readFileSync(path.join(workspaceData, "project-graph.json"), "utf8")) as CachedGraph;
  const reached = new Set<string>();
  const visit = (name: string): void => {
    for (const dep of graph.dependencies[name]) {
      if (dep.type === "implicit" || !(dep.target in graph.nodes) || dep.target === project || reached.has(dep.target)) continue;
      reached.add(dep.target);
      visit(dep.target);
    }
  };
  visit(project);
  const imports = [...reached].sort().map((name) => ({ name, root: graph.nodes[name].data.root }));
  return { task, root: graph.nodes[project].data.root, files, imports };
}

/**
 * The projects among `key.imports` whose files the key does not hash, by name: a change to one of
 * them would replay the task from the cache though its code runs in it. A project counts as hashed
 * when the key holds its `project.json` or `package.json`, which its `production` and `default`
 * inputs both hold (nx.json's namedInputs), so an input naming the project hashes its code too.
 */
export function unhashedImports(key: TaskKey): string[] {
  return key.imports.filter(({ root }) => !key.files.includes(`${root}/project.json`) && !key.files.includes(`${root}/package.json`)).map(({ name }) => name);
}

/**
 * The files of the Jest runtime every project's Jest loads (`jest.preset.js` names
 * `libs/testing/jest/runtime.js`, which requires its neighbours), relative to the repository root, sorted.
 */
export function jestRuntimeFiles(): string[] {
  const dir = path.join(__dirname, "..", "jest");
  const repo = path.resolve(__dirname, "..", "..", "..");
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".js"))
    .sort()
    .map((f) => path.relative(repo, path.join(dir, f)).split(path.sep).join("/"));
}

/** What the key tests of this repository state about a task's key (ADR 0018, eighth and ninth addenda). */
export interface KeySummary {
  /** Whether the key holds the task's own project (its `project.json`, beside its code). */
  readonly ownProject: boolean;
  /** The key's files under `stacks/` outside the task's own project: another layer's files. */
  readonly otherStacks: string[];
  /** The names of `key.imports`. */
  readonly imports: string[];
  /** `unhashedImports(key)`. */
  readonly unhashedImports: string[];
  /** The Jest runtime's files the key lacks: a change to one would replay the suite unrun. */
  readonly unhashedRuntime: string[];
}

export function keySummary(key: TaskKey): KeySummary {
  return {
    ownProject: key.files.includes(`${key.root}/project.json`),
    otherStacks: key.files.filter((f) => f.startsWith("stacks/") && !f.startsWith(`${key.root}/`)),
    imports: key.imports.map(({ name }) => name),
    unhashedImports: unhashedImports(key),
    unhashedRuntime: jestRuntimeFiles().filter((f) => !key.files.includes(f)),
  };
}
