#!/usr/bin/env node
// `seed-emulator [--stack=<env>] [--dist=dist]`: creates in a local emulator (AWS_ENDPOINT_URL, loopback only) what a
// deployment of the synthesized plans (`npm run synth`) leaves behind and writes <dist>/<stack>/<layer>/outputs.json, so `integration` can be
// tried without an AWS account. See libs/verify/README.md.
"use strict";
const path = require("node:path");

require("ts-node").register({ transpileOnly: true, project: path.join(__dirname, "..", "tsconfig.json") });

const { seedEmulatorCli } = require("../src/emulator-seed.ts");
seedEmulatorCli(process.argv.slice(2), process.env, { out: console.log, err: console.error }, process.cwd()).then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
