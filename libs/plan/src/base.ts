// Synthesizes an environment as it was at a git ref, offline: a temporary `git worktree` of the ref
// (git-scm.com/docs/git-worktree: add --detach, remove --force; no state, no credentials), the base's OWN synth run layer by layer in deployment order, so the
// plans are what that commit would plan. Nothing of it is left behind: the worktree is removed and
// pruned whatever happens.
//
// node_modules: npm workspaces link node_modules/@fin/<lib> to THIS tree's libs (ADR 0001), so a
// symlink to the current node_modules would load the working tree's libs into the base's programs.
// The worktree gets its own node_modules directory instead: every third-party entry is a symlink to
// the current install (Node resolves a symlinked package by its real path unless --preserve-symlinks,
// nodejs.org/api/cli.html#--preserve-symlinks, so its own dependencies still resolve there), and @fin/* are links to the base's own libs and stacks, as `npm ci` would
// make them. That is only sound when the base pins the same third-party packages: when its
// package-lock.json differs there, the worktree runs its own `npm ci --offline` from the npm cache.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { LAYERS, Layer } from "@fin/config";

/** A base ref that does not resolve, or whose synth fails: the message names the ref. */
export class BaseRefError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BaseRefError";
  }
}

/** The base's synth entry point, relative to its root (libs/plan owns synth since the plan library landed). */
export const BASE_SYNTH_ENTRY = "libs/plan/bin/synth.js";

export interface BaseSynthRequest {
  /** The repository (and workspace) root of the working tree. */
  readonly root: string;
  readonly ref: string;
  readonly stack: string;
  /** Layers in deployment order; all four by default. */
  readonly layers?: readonly Layer[];
  /** Extra environment for the base synth (the working tree's ENVIRONMENT_SUFFIX goes through process.env). */
  readonly env?: NodeJS.ProcessEnv;
}

export interface BaseCheckout {
  /** The worktree: the base's plans are in `<dir>/dist/<stack>/<layer>/`. */
  readonly dir: string;
  /** The commit the ref resolved to. */
  readonly commit: string;
  /** How its node_modules were provided (`linked` or `npm ci --offline`). */
  readonly install: "linked" | "npm ci --offline";
  /** Removes the worktree; safe to call twice. */
  readonly remove: () => void;
}

function git(root: string, args: readonly string[]): { ok: boolean; out: string; err: string } {
  const r = spawnSync("git", args, { cwd: root, encoding: "utf8" });
  // With an encoding, spawnSync's stdout and stderr are strings (node:child_process docs).
  return { ok: r.status === 0, out: String(r.stdout).trim(), err: String(r.stderr).trim() };
}

/** The third-party part of a package-lock.json (workspace links excluded): equal means the same install. */
export function thirdPartyPins(lockText: string | undefined): string {
  if (lockText === undefined) {
    return "";
  }
  const packages = (JSON.parse(lockText) as { packages?: Record<string, { link?: boolean }> }).packages ?? {};
  const pins = Object.entries(packages).filter(([key, entry]) => key.startsWith("node_modules/") && entry.link !== true);
  return JSON.stringify(pins);
}

const readIf = (file: string): string | undefined => (fs.existsSync(file) ? fs.readFileSync(file, "utf8") : undefined);

/** The workspace packages of a tree (its root package.json `workspaces`, `<dir>/*` patterns), by package name. */
export function workspacePackages(dir: string): Map<string, string> {
  const found = new Map<string, string>();
  const patterns = (JSON.parse(readIf(path.join(dir, "package.json")) ?? "{}") as { workspaces?: string[] }).workspaces ?? [];
  for (const pattern of patterns) {
    const parent = path.join(dir, pattern.replace(/\/\*$/, ""));
    for (const entry of fs.existsSync(parent) ? fs.readdirSync(parent) : []) {
      const manifest = path.join(parent, entry, "package.json");
      if (fs.existsSync(manifest)) {
        found.set((JSON.parse(fs.readFileSync(manifest, "utf8")) as { name: string }).name, path.join(parent, entry));
      }
    }
  }
  return found;
}

/** Gives `dir` a node_modules of links: third-party entries to `from`, workspace packages to `dir`'s own. */
export function linkNodeModules(from: string, dir: string): void {
  const target = path.join(dir, "node_modules");
  fs.mkdirSync(target, { recursive: true });
  const own = workspacePackages(dir);
  const scopes = new Set([...own.keys()].filter((n) => n.startsWith("@")).map((n) => n.split("/")[0]));
  for (const entry of fs.existsSync(from) ? fs.readdirSync(from) : []) {
    if (scopes.has(entry)) {
      continue;
    }
    fs.symlinkSync(path.join(from, entry), path.join(target, entry));
  }
  for (const [name, pkgDir] of own) {
    fs.mkdirSync(path.dirname(path.join(target, name)), { recursive: true });
    fs.symlinkSync(pkgDir, path.join(target, name));
  }
}

/**
 * Checks out `ref` in a temporary worktree and synthesizes `stack` there with the base's own synth.
 * Throws BaseRefError naming the ref (and the layer) when the ref does not resolve or synth fails;
 * the worktree is then already removed.
 */
export function synthesizeAtRef(request: BaseSynthRequest): BaseCheckout {
  const { root, ref, stack } = request;
  const resolved = git(root, ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`]);
  if (!resolved.ok) {
    throw new BaseRefError(`base ref ${ref} does not exist in ${root} (git rev-parse found no commit; in CI fetch it, e.g. actions/checkout with fetch-depth: 0)`);
  }
  const commit = resolved.out;
  const holder = fs.mkdtempSync(path.join(os.tmpdir(), "plan-diff-"));
  const dir = path.join(holder, "base");
  let removed = false;
  const remove = (): void => {
    if (removed) {
      return;
    }
    removed = true;
    git(root, ["worktree", "remove", "--force", dir]);
    fs.rmSync(holder, { recursive: true, force: true });
  };
  try {
    const added = git(root, ["worktree", "add", "--detach", "--quiet", dir, commit]);
    if (!added.ok) {
      throw new BaseRefError(`base ref ${ref}: git worktree add failed: ${added.err}`);
    }
    if (!fs.existsSync(path.join(dir, BASE_SYNTH_ENTRY))) {
      throw new BaseRefError(`base ref ${ref} (${commit.slice(0, 7)}) has no ${BASE_SYNTH_ENTRY}: it predates the plan library and cannot be synthesized by this diff`);
    }
    const sameInstall = thirdPartyPins(readIf(path.join(root, "package-lock.json"))) === thirdPartyPins(readIf(path.join(dir, "package-lock.json")));
    let install: BaseCheckout["install"] = "linked";
    if (sameInstall) {
      linkNodeModules(path.join(root, "node_modules"), dir);
    } else {
      install = "npm ci --offline";
      const npm = spawnSync("npm", ["ci", "--offline", "--no-audit", "--no-fund", "--ignore-scripts"], { cwd: dir, encoding: "utf8" });
      if (npm.status !== 0) {
        throw new BaseRefError(`base ref ${ref} pins other packages (package-lock.json differs) and \`npm ci --offline\` failed there:\n${String(npm.stderr).trim()}`);
      }
    }
    for (const layer of request.layers ?? LAYERS) {
      const run = spawnSync(process.execPath, [BASE_SYNTH_ENTRY, `stacks/${layer}`, `--stack=${stack}`], {
        cwd: dir,
        encoding: "utf8",
        env: { ...process.env, ...request.env },
      });
      if (run.status !== 0) {
        const why = `${run.stderr}${run.stdout}`.trim();
        throw new BaseRefError(`synth of ${layer}/${stack} at base ref ${ref} (${commit.slice(0, 7)}) failed:\n${why}`);
      }
    }
    return { dir, commit, install, remove };
  } catch (error) {
    remove();
    throw error;
  }
}
