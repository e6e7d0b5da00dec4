// Test support for commands that read git history (plan:diff): a throwaway repository and a stand-in synth.
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { scratchDir } from "./scratch";

/**
 * A stand-in for the base's synth: `node libs/plan/bin/synth.js stacks/<layer> --stack=<env>` copies
 * `stacks/<layer>/plan.json`'s `plan` to dist/<env>/<layer>/preview.json (with synth.json and
 * mock-outputs.json), or fails with its `fail` message. It keeps the e2e tests fast and deterministic.
 */
export const FAKE_SYNTH = `"use strict";
const fs = require("node:fs");
const path = require("node:path");
const args = process.argv.slice(2);
const dir = args.find((a) => !a.startsWith("--"));
const stack = (args.find((a) => a.startsWith("--stack=")) || "--stack=dev").slice(8);
const layer = path.basename(dir);
const src = JSON.parse(fs.readFileSync(path.join(dir, "plan.json"), "utf8"));
if (src.fail) {
  console.error(src.fail);
  process.exit(1);
}
const out = path.join("dist", stack, layer);
fs.mkdirSync(out, { recursive: true });
fs.writeFileSync(path.join(out, "preview.json"), JSON.stringify(src.plan));
fs.writeFileSync(path.join(out, "synth.json"), JSON.stringify({ project: "fin-" + layer, stack }));
fs.writeFileSync(path.join(out, "mock-outputs.json"), JSON.stringify(src.outputs || {}));
`;

const GIT_ENV = { ...process.env, GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@example.com", GIT_COMMITTER_NAME: "t", GIT_COMMITTER_EMAIL: "t@example.com" };

export function git(root: string, ...args: string[]): string {
  return execFileSync("git", args, { cwd: root, env: GIT_ENV, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
}

/** Writes files (relative path -> text; null deletes) into `root`. */
export function writeFiles(root: string, files: Record<string, string | null>): void {
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(root, name);
    if (text === null) {
      fs.rmSync(file, { force: true });
      continue;
    }
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  }
}

/** A throwaway repository with one commit per file set, gone when the test file ends; the working tree is left at the last. */
export function gitRepo(...commits: Record<string, string | null>[]): string {
  const root = scratchDir("plan-diff-repo-");
  git(root, "init", "--quiet", "--initial-branch=main");
  writeFiles(root, { ".gitignore": "node_modules\ndist\n" });
  commits.forEach((files, i) => {
    writeFiles(root, files);
    git(root, "add", "-A");
    git(root, "commit", "--quiet", "--allow-empty", "-m", `commit ${i + 1}`);
  });
  return root;
}

/** Runs the fake synth for the given layers in `root` (the working tree's plans). */
export function synthWorkingTree(root: string, layers: readonly string[], stack = "dev"): void {
  for (const layer of layers) {
    execFileSync(process.execPath, ["libs/plan/bin/synth.js", `stacks/${layer}`, `--stack=${stack}`], { cwd: root, stdio: "ignore" });
  }
}

/** The worktrees git knows of in `root`, besides the main one. */
export const extraWorktrees = (root: string): string[] =>
  git(root, "worktree", "list", "--porcelain")
    .split("\n")
    .filter((l) => l.startsWith("worktree "))
    .slice(1);
