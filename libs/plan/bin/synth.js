#!/usr/bin/env node
// Offline synth of one stack. It loads the program exactly as `pulumi up` does (see
// @pulumi/pulumi/cmd/run/run.js): cwd = the project directory, ts-node registered with that
// project's tsconfig.json through Pulumi's own tsutils, then `require(<Pulumi.yaml main>)`.
// No path aliases are registered, so a stack that would not load under Pulumi does not synth.
// Type-checking is the separate `typecheck` target, hence Pulumi's transpile-only mode.
"use strict";
const path = require("node:path");

const workspaceRoot = process.cwd();
const stackDir = path.resolve(workspaceRoot, process.argv.slice(2).find((a) => !a.startsWith("--")) ?? ".");
process.chdir(stackDir);

const tsutils = require("@pulumi/pulumi/tsutils");
const compilerOptions = tsutils.loadTypeScriptCompilerOptions("tsconfig.json");
const { tsnodeRequire, typescriptRequire } = tsutils.typeScriptRequireStrings();
// Pulumi's defaults for TypeScript >= 4.7, overridden by the project's own tsconfig compilerOptions.
const [major, minor] = require(typescriptRequire).version.split(".").map(Number);
const nodeNext = major > 4 || (major === 4 && minor >= 7);
require(tsnodeRequire).register({
  compiler: typescriptRequire,
  transpileOnly: (process.env.PULUMI_NODEJS_TRANSPILE_ONLY ?? "true") === "true",
  project: "tsconfig.json",
  skipProject: false,
  compilerOptions: {
    target: "ES2020",
    module: nodeNext ? "nodenext" : "commonjs",
    moduleResolution: nodeNext ? "nodenext" : "node",
    sourceMap: "true",
    ...compilerOptions,
  },
});

// `--check=<module>`: after a successful synth, run a plan check in this same process on the plan just
// written: `require(<module>).checkPlan(["<layer dir>/preview.json", "--out", "<layer dir>/policy.json"], io,
// workspaceRoot)` resolves to its exit code, which becomes synth's. The synth target passes the policy
// pack's `libs/policies/bin/policy-check.js`: one Node start and one load of TypeScript,
// @pulumi/pulumi and @pulumi/aws per layer instead of two. The module is named by the caller, so this
// library does not depend on the policies that depend on it. Its .ts sources load through the loader
// registered above (transpile-only, like policy-check's own).
const args = process.argv.slice(2);
const check = args.find((a) => a.startsWith("--check="))?.slice("--check=".length);
const io = { out: console.log, err: console.error };

async function main() {
  const code = await require("../src/synth-cli.ts").synthCli(
    args.filter((a) => !a.startsWith("--check=")),
    require,
    io,
    workspaceRoot,
  );
  if (code !== 0 || check === undefined) return code;
  const { DIST_DIR, PLAN_FILES, layerDir } = require("../src/layout.ts");
  const stack = args.find((a) => a.startsWith("--stack="))?.slice("--stack=".length) || "dev";
  const dist = args.find((a) => a.startsWith("--dist="))?.slice("--dist=".length) ?? DIST_DIR;
  // Relative to the workspace, as the synth target's separate policy-check command named them.
  const dir = path.relative(workspaceRoot, layerDir(path.resolve(workspaceRoot, dist), stack, path.basename(stackDir)));
  const plan = path.join(dir, PLAN_FILES.preview);
  return require(path.resolve(workspaceRoot, check)).checkPlan([plan, "--out", path.join(dir, PLAN_FILES.policy)], io, workspaceRoot);
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
