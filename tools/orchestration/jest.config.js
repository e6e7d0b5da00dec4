// At least two workers: the suites that run the real Nx CLI (orchestration*.test.ts, release, runbook,
// scripts) spend their time waiting for one child process at a time, so the single worker Jest starts
// on 2 cores (availableParallelism() - 1: jest-config, getMaxWorkers) left the other core idle.
const os = require("node:os");

module.exports = { ...require("../../jest.preset.js")(__dirname), maxWorkers: Math.max(2, os.availableParallelism() - 1) };
