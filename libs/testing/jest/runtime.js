// The module runtime of every Jest project (jest.preset.js `runtime`, a documented Jest option:
// https://jestjs.io/docs/configuration#runtime-string): jest-runtime, with what one Jest process can
// keep between its test files kept (ADR 0018). Each test file still gets a module registry of its
// own and runs a fresh copy of every module; only compiled code and installed files' text are reused.
// Its teardown also removes the test file's scratch directories (scratch-dirs.js).
// jest-runner loads this file once per worker process, outside the tests' module registries, and
// takes its `default` export (jest-runner 30.5.2, runTest: interopRequireDefault(require(runtime))).
"use strict";
const path = require("node:path");
const vm = require("node:vm");
const { CODE_CACHE, withCodeCache } = require("./code-cache");
const { lazyModule } = require("./lazy-module");
const { promiseStacksUnmapped } = require("./promise-stacks");
const { removeScratchDirs } = require("./scratch-dirs");
const { sharedSources } = require("./shared-sources");

const JestRuntime = require("jest-runtime").default;

// jest-runtime calls `compileFunction` on node:vm's module object at each compile, so the wrapped
// function is the one it uses. Once per process, however many times this file is loaded.
if (vm.compileFunction[CODE_CACHE] === undefined) vm.compileFunction = withCodeCache(vm.compileFunction);

/** Installed files' text, for every test file this process runs (shared-sources.js). */
const SOURCES = new Map();

/** The one require of @npmcli/arborist that is made lazy (lazy-module.js). */
const CODE_PATHS = path.join("node_modules", "@pulumi", "pulumi", "runtime", "closure", "codePaths.js");

class Runtime extends JestRuntime {
  constructor(config, environment, resolver, transformer, cacheFS, ...rest) {
    super(config, environment, resolver, transformer, sharedSources(cacheFS, SOURCES), ...rest);
    environment.global.Error.prepareStackTrace = promiseStacksUnmapped(Error);
  }

  requireModuleOrMock(from, moduleName) {
    if (moduleName === "@npmcli/arborist" && from.endsWith(CODE_PATHS)) {
      return lazyModule(() => super.requireModuleOrMock(from, moduleName));
    }
    return super.requireModuleOrMock(from, moduleName);
  }

  // jest-runtime copies the test file's coverage out of its context with jest-util's deepCyclicCopy,
  // a JavaScript walk over every counter: 1.0 s of libs/policies' 19.6 s profile. structuredClone
  // makes the same plain copy (objects, arrays and numbers) in V8's serializer.
  getAllCoverageInfoCopy() {
    const coverage = this._environment.global.__coverage__;
    return coverage === undefined ? undefined : structuredClone(coverage);
  }

  // jest-runner tears the runtime down once the test file's tests and afterAll hooks have ended, pass
  // or fail, and before the environment (jest-runner 30.5.2, runTest: tearDownEnv). That is when the
  // file's scratch directories can go.
  teardown() {
    removeScratchDirs(this._environment.global);
    super.teardown();
  }
}

module.exports = { __esModule: true, default: Runtime };
