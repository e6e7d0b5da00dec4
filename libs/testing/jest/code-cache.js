// A V8 code cache for the modules Jest compiles, kept for the life of one Jest process.
//
// Jest gives every test file a module registry of its own and compiles each module it loads with
// `vm.compileFunction` (jest-runtime 30.5.2, ModuleExecutor#compile), which V8 does not cache between
// calls: a worker that runs fifteen test files parses @pulumi/pulumi, @pulumi/aws, gRPC and protobuf
// fifteen times. In stacks/network that was 5.4 s of a 23 s CPU profile (`internalCompileFunction`).
// Node's vm API can hand V8 the cache of an earlier compile (`cachedData`, produced with
// `produceCachedData`: https://nodejs.org/docs/latest-v20.x/api/vm.html#vmcompilefunctioncode-params-options),
// so an unchanged module is compiled once per process and each later test file still runs its own
// fresh copy of it: the cache holds V8's compiled code, never a module's exports or state.
"use strict";

/** The mark of a wrapped compileFunction, so that wrapping twice is noticed (see runtime.js). */
const CODE_CACHE = Symbol.for("fin.jest.codeCache");

/**
 * `compileFunction` (the signature of `vm.compileFunction`) with a code cache for Jest's module
 * compiles: calls that name a file and a context to compile in, and manage no cache of their own.
 * Every other call is passed through untouched.
 */
function withCodeCache(compileFunction) {
  /** filename and parameter names -> the code compiled and V8's cache of it */
  const entries = new Map();
  const stats = { compiled: 0, reused: 0, rejected: 0 };

  function cachedCompileFunction(code, params, options) {
    const own = options !== undefined && typeof options.filename === "string" && options.parsingContext !== undefined;
    if (!own || options.cachedData !== undefined || options.produceCachedData !== undefined) {
      return compileFunction(code, params, options);
    }
    const key = `${options.filename}\0${(params ?? []).join(",")}`;
    const entry = entries.get(key);
    // The code itself is compared: V8 checks a cache against the source's length only
    // (SerializedCodeData::SourceHash), so a same-length edit would otherwise run the old code.
    if (entry !== undefined && entry.code === code) {
      const fn = compileFunction(code, params, { ...options, cachedData: entry.data });
      // A rejected cache (another V8 version or flags) still yields a correctly compiled function.
      if (fn.cachedDataRejected !== true) {
        stats.reused += 1;
        return fn;
      }
      stats.rejected += 1;
      entries.delete(key);
      return fn;
    }
    stats.compiled += 1;
    const fn = compileFunction(code, params, { ...options, produceCachedData: true });
    if (fn.cachedDataProduced === true) entries.set(key, { code, data: fn.cachedData });
    return fn;
  }

  cachedCompileFunction.stats = stats;
  cachedCompileFunction[CODE_CACHE] = compileFunction;
  return cachedCompileFunction;
}

module.exports = { CODE_CACHE, withCodeCache };
