#!/usr/bin/env node
// `audit <stackDir> --stack=<env>`: the live half of `nx run <layer>:audit` (see libs/verify/README.md).
// Plain JS so it runs without a build, like bin/integration.js.
"use strict";
const path = require("node:path");

require("ts-node").register({ transpileOnly: true, project: path.join(__dirname, "..", "tsconfig.json") });

const { auditCli } = require("../src/audit.ts");
auditCli(process.argv.slice(2), process.env, { out: console.log, err: console.error }, process.cwd()).then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
