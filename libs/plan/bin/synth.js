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

const { synthCli } = require("../src/synth-cli.ts");
synthCli(process.argv.slice(2), require, { out: console.log, err: console.error }, workspaceRoot).then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
