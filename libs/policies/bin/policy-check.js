#!/usr/bin/env node
// policy-check <preview.json>... [--out <results.json>]: evaluates the fin-platform policy pack
// against plans in the `pulumi preview --json` shape. All logic is in src/cli.ts; this file only
// registers ts-node (transpile-only: type-checking is the `typecheck` target) and runs it.
"use strict";
const path = require("node:path");

require("ts-node").register({
  transpileOnly: true,
  project: path.join(__dirname, "..", "tsconfig.json"),
});

const { policyCheckCli } = require("../src/cli.ts");
policyCheckCli(process.argv.slice(2), { out: console.log, err: console.error }, process.cwd()).then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(2);
  },
);
