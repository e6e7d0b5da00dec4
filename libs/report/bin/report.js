#!/usr/bin/env node
// Plan report: cost estimate against the naive design, and the architecture diagram, from the
// synthesized plans. Plain JS so it runs without a build: ts-node transpiles the tested TS code
// (type-checking is the separate `typecheck` target).
"use strict";
const path = require("node:path");

require("ts-node").register({ transpileOnly: true, project: path.join(__dirname, "..", "tsconfig.json") });

const { reportCli } = require("../src/cli.ts");
process.exitCode = reportCli(process.argv.slice(2), process.env, { out: console.log, err: console.error }, process.cwd());
