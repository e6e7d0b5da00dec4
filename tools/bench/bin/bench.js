#!/usr/bin/env node
// `npm run bench`: see tools/bench/README.md. Runs from the workspace root; the TypeScript sources are
// loaded transpile-only (type-checking is the project's own typecheck target).
"use strict";
const fs = require("node:fs");
const path = require("node:path");

require("ts-node").register({ transpileOnly: true, project: path.join(__dirname, "..", "tsconfig.json") });
const { benchCli } = require("../src/cli.ts");
const { exec } = require("../src/exec.ts");

const root = process.cwd();
const layers = fs.readdirSync(path.join(root, "stacks")).filter((d) => fs.existsSync(path.join(root, "stacks", d, "project.json")));
process.exitCode = benchCli(process.argv.slice(2), root, layers, exec, (line) => console.log(line));
