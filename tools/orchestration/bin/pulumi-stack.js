#!/usr/bin/env node
// Entry point of the stacks' preview/deploy/refresh/destroy/outputs Nx targets (see src/cli.ts).
// Transpile-only ts-node with fixed options and no tsconfig lookup: this runs once per layer per
// command, so it starts fast, and type errors are the `typecheck` target's job.
"use strict";
require("ts-node").register({
  transpileOnly: true,
  skipProject: true,
  compilerOptions: { module: "commonjs", target: "es2022", esModuleInterop: true },
});
const { runCli } = require("../src/cli.ts");

process.exitCode = runCli(process.argv.slice(2), {
  workspaceRoot: process.cwd(),
  env: process.env,
  out: (line) => console.log(line),
  err: (line) => console.error(line),
});
