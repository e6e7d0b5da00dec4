#!/usr/bin/env node
// Entry point of the stacks' preview/deploy/refresh/destroy/outputs Nx targets (see src/cli.ts).
// It runs once per layer per command, so it must start fast: the TypeScript sources are
// transpiled (no type-check: that is the cached `typecheck` target) once per content hash into
// node_modules/.cache, and later runs load the cached JavaScript without loading TypeScript at all
// (about 1 s of CPU saved per task).
"use strict";
const crypto = require("node:crypto");
const fs = require("node:fs");
const path = require("node:path");

const cacheDir = path.join(__dirname, "..", "..", "..", "node_modules", ".cache", "fin-orchestration");

// The key is what the output depends on: the source, the compiler options and the compiler's version.
// Not the file's path: transpileModule without source maps emits the same JavaScript for the same
// source wherever it lies, and the orchestration tests run this file from a fresh copy of the tool per
// sandbox (tests/support/sandbox.ts), which with the path in the key missed every time and loaded
// TypeScript again in every task. `require("typescript/package.json")` reads one small file.
const COMPILER_OPTIONS = { module: "commonjs", target: "es2022", esModuleInterop: true };
const keyPrefix = `${require("typescript/package.json").version}\0${JSON.stringify(COMPILER_OPTIONS)}\0`;

require.extensions[".ts"] = (module, filename) => {
  const source = fs.readFileSync(filename, "utf8");
  const hash = crypto.createHash("sha256").update(keyPrefix).update(source).digest("hex");
  const cached = path.join(cacheDir, `${hash}.js`);
  let js;
  try {
    js = fs.readFileSync(cached, "utf8");
  } catch {
    const ts = require("typescript");
    // The options as names, which transpileModule converts like a tsconfig (ts.convertCompilerOptionsFromJson).
    js = ts.transpileModule(source, { fileName: filename, compilerOptions: ts.convertCompilerOptionsFromJson(COMPILER_OPTIONS, "").options }).outputText;
    // Written whole under a unique name, then renamed: parallel tasks never read half a file.
    // A cache that cannot be written (read-only checkout) only costs speed.
    try {
      fs.mkdirSync(cacheDir, { recursive: true });
      const partial = `${cached}.${process.pid}.tmp`;
      fs.writeFileSync(partial, js);
      fs.renameSync(partial, cached);
    } catch {
      // run uncached
    }
  }
  module._compile(js, filename);
};

const context = {
  workspaceRoot: process.cwd(),
  env: process.env,
  out: (line) => console.log(line),
  err: (line) => console.error(line),
};
const [command, ...rest] = process.argv.slice(2);
// `release` (src/release.ts) drives the deploy of src/cli.ts; every other command is one Pulumi run.
process.exitCode =
  command === "release" ? require("../src/release.ts").runRelease(rest, context) : require("../src/cli.ts").runCli(process.argv.slice(2), context);
