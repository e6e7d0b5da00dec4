#!/usr/bin/env node
// `plan --stack=<env>` (`npm run plan -- -c <env>`): the synthesized plans of one environment as a
// tree. All logic is in src/plan-cli.ts; this file only registers ts-node (transpile-only: type-checking
// is the `typecheck` target) and runs it.
"use strict";
const path = require("node:path");

require("ts-node").register({ transpileOnly: true, project: path.join(__dirname, "..", "tsconfig.json") });

const { planCli } = require("../src/plan-cli.ts");
process.exitCode = planCli(process.argv.slice(2), { out: console.log, err: console.error }, process.cwd());
