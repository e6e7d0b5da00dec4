// Shared Jest settings for every project. ts-jest transpiles file by file
// (tsconfig.base.json sets isolatedModules), so tests never type-check @pulumi/aws:
// that is the separate, cached `typecheck` target.
const path = require("node:path");

module.exports = (projectDir) => ({
  rootDir: projectDir,
  testEnvironment: "node",
  // Pulumi keeps its runtime state on the global object; jest must not soft-delete it between files.
  testEnvironmentOptions: { globalsCleanup: "off" },
  setupFiles: [path.join(__dirname, "jest.setup.js")],
  // jest-runtime with a per-process V8 code cache (libs/testing/jest/runtime.js, ADR 0018).
  runtime: path.join(__dirname, "libs", "testing", "jest", "runtime.js"),
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: path.join(projectDir, "tsconfig.json") }] },
  moduleFileExtensions: ["ts", "js", "json"],
  testMatch: ["<rootDir>/**/*.test.ts"],
  testPathIgnorePatterns: ["/node_modules/", "/dist/"],
  collectCoverage: true,
  coverageDirectory: path.join(__dirname, "coverage", path.relative(__dirname, projectDir)),
  coverageReporters: ["text-summary", "lcov"],
  collectCoverageFrom: ["<rootDir>/**/*.ts", "!<rootDir>/**/*.test.ts", "!<rootDir>/**/tests/**", "!<rootDir>/**/*.d.ts", "!<rootDir>/jest.config.ts"],
  coverageThreshold: { global: { statements: 100, branches: 100, functions: 100, lines: 100 } },
});
