#!/usr/bin/env node
// `integration <stackDir> --stack=<env>`: live checks of a deployed layer (see libs/verify/README.md).
// Plain JS so it runs without a build: registers ts-node in transpile-only mode (type-checking is
// the separate `typecheck` target), then hands over to the tested TypeScript in src/cli.ts.
"use strict";
const path = require("node:path");

require("ts-node").register({ transpileOnly: true, project: path.join(__dirname, "..", "tsconfig.json") });

const { integrationCli } = require("../src/cli.ts");
integrationCli(process.argv.slice(2), process.env, { out: console.log, err: console.error }, process.cwd()).then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
