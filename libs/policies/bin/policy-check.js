#!/usr/bin/env node
// policy-check <preview.json>... [--out <results.json>]: evaluates the fin-platform policy pack
// against plans in the `pulumi preview --json` shape. All logic is in src/cli.ts; this file only
// registers ts-node (transpile-only: type-checking is the `typecheck` target) and runs it.
// `checkPlan` is the same CLI for a process that has a TypeScript loader already: synth's `--check`
// (libs/plan/bin/synth.js) runs it right after writing a plan, in the synth target.
"use strict";
const path = require("node:path");

/** policyCheckCli(argv, io, cwd): the exit code, 0 passed, 1 a mandatory violation, 2 bad usage or plan. */
function checkPlan(argv, io, cwd) {
  return require("../src/cli.ts").policyCheckCli(argv, io, cwd);
}
module.exports = { checkPlan };

if (require.main === module) {
  require("ts-node").register({
    transpileOnly: true,
    project: path.join(__dirname, "..", "tsconfig.json"),
  });
  checkPlan(process.argv.slice(2), { out: console.log, err: console.error }, process.cwd()).then(
    (code) => process.exit(code),
    (error) => {
      console.error(error);
      process.exit(2);
    },
  );
}
