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

require.extensions[".ts"] = (module, filename) => {
  const source = fs.readFileSync(filename, "utf8");
  const hash = crypto.createHash("sha256").update(filename).update("\0").update(source).digest("hex");
  const cached = path.join(cacheDir, `${hash}.js`);
  let js;
  try {
    js = fs.readFileSync(cached, "utf8");
  } catch {
    const ts = require("typescript");
    js = ts.transpileModule(source, {
      fileName: filename,
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
    }).outputText;
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
