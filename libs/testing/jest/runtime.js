// The module runtime of every Jest project (jest.preset.js `runtime`, a documented Jest option:
// https://jestjs.io/docs/configuration#runtime-string): jest-runtime itself, with the modules a
// process compiles kept in V8's code cache between its test files (code-cache.js, ADR 0018).
// jest-runner loads this file once per worker process, outside the tests' module registries.
"use strict";
const vm = require("node:vm");
const { CODE_CACHE, withCodeCache } = require("./code-cache");

// jest-runtime calls `compileFunction` on node:vm's module object at each compile, so the wrapped
// function is the one it uses. Once per process, however many times this file is loaded.
if (vm.compileFunction[CODE_CACHE] === undefined) vm.compileFunction = withCodeCache(vm.compileFunction);

module.exports = require("jest-runtime");
