#!/usr/bin/env node
// `plan-diff --base=<ref> [--stack=<env>] [--format=markdown]` (`npm run plan:diff`): the offline diff
// of the environment at a git ref against the working tree's plans. All logic is in src/plan-diff.ts;
// this file only registers ts-node (transpile-only: type-checking is the `typecheck` target) and runs it.
"use strict";
const path = require("node:path");

require("ts-node").register({ transpileOnly: true, project: path.join(__dirname, "..", "tsconfig.json") });

const { planDiffCli } = require("../src/plan-diff.ts");
planDiffCli(process.argv.slice(2), { out: console.log, err: console.error }, process.cwd()).then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
