// The per-process V8 code cache of jest.preset.js's runtime (jest/code-cache.js, jest/runtime.js).
import vm from "node:vm";

type CompileFunction = typeof vm.compileFunction;
interface CachedCompileFunction extends CompileFunction {
  readonly stats: { compiled: number; reused: number; rejected: number };
}
// Plain JavaScript that jest-runner loads with Node's require, outside any test's module registry.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { CODE_CACHE, withCodeCache } = require("../jest/code-cache") as {
  CODE_CACHE: symbol;
  withCodeCache: (compile: CompileFunction) => CachedCompileFunction;
};

/** node:vm's own compileFunction, under whatever this process's runtime installed. */
const nodeCompile: CompileFunction = (vm.compileFunction as unknown as Record<symbol, CompileFunction>)[CODE_CACHE] ?? vm.compileFunction;

const inContext = (filename: string) => ({ filename, parsingContext: vm.createContext({}) });

describe("withCodeCache over node:vm's compileFunction", () => {
  it("compiles a file's code once; a later compile of the same code in another context reuses V8's cache", () => {
    const compile = withCodeCache(nodeCompile);

    const first = compile("return 40 + a;", ["a"], inContext("/m/answer.js"));
    const second = compile("return 40 + a;", ["a"], inContext("/m/answer.js"));

    expect([first(2), second(2)]).toEqual([42, 42]);
    expect(second).not.toBe(first);
    expect((second as unknown as { cachedDataRejected: boolean }).cachedDataRejected).toBe(false);
    expect(compile.stats).toEqual({ compiled: 1, reused: 1, rejected: 0 });
  });

  it("compiles afresh when the file's code changed, even to code of the same length (V8 checks only the length)", () => {
    const compile = withCodeCache(nodeCompile);

    compile("return 40 + a;", ["a"], inContext("/m/answer.js"));
    const edited = compile("return 50 + a;", ["a"], inContext("/m/answer.js"));
    const otherParams = compile("return 50 + a;", ["a", "b"], inContext("/m/answer.js"));
    const noParams = compile("return 9;", undefined, inContext("/m/answer.js"));

    expect([edited(2), otherParams(3, 0), noParams()]).toEqual([52, 53, 9]);
    expect(compile.stats).toEqual({ compiled: 4, reused: 0, rejected: 0 });
  });

  it("passes through calls that are not a module compile, or that bring a cache of their own", () => {
    const compile = withCodeCache(nodeCompile);
    const produced = compile("return 1;", [], { filename: "/m/own.js", parsingContext: vm.createContext({}), produceCachedData: true });

    expect(compile("return 7;", [])()).toBe(7);
    expect(compile("return 8;", [], { filename: "/m/no-context.js" })()).toBe(8);
    expect(compile("return 1;", [], { ...inContext("/m/own.js"), cachedData: (produced as unknown as { cachedData: Buffer }).cachedData })()).toBe(1);
    expect(compile.stats).toEqual({ compiled: 0, reused: 0, rejected: 0 });
  });

  it("keeps the function V8 compiled when it rejects the cache, and builds a new cache on the next compile", () => {
    const calls: Array<Record<string, unknown>> = [];
    let reject = false;
    const fake = ((_code: string, _params: string[], options: Record<string, unknown>) => {
      calls.push({ cachedData: options.cachedData, produceCachedData: options.produceCachedData });
      const fn = () => "compiled";
      return options.produceCachedData ? Object.assign(fn, { cachedDataProduced: true, cachedData: `cache ${calls.length}` }) : Object.assign(fn, { cachedDataRejected: reject });
    }) as unknown as CompileFunction;
    const compile = withCodeCache(fake);

    compile("x", [], inContext("/m/x.js"));
    compile("x", [], inContext("/m/x.js"));
    reject = true;
    const afterRejection = compile("x", [], inContext("/m/x.js"));
    compile("x", [], inContext("/m/x.js"));

    expect(afterRejection()).toBe("compiled");
    expect(calls).toEqual([
      { cachedData: undefined, produceCachedData: true },
      { cachedData: "cache 1", produceCachedData: undefined },
      { cachedData: "cache 1", produceCachedData: undefined },
      { cachedData: undefined, produceCachedData: true },
    ]);
    expect(compile.stats).toEqual({ compiled: 2, reused: 1, rejected: 1 });
  });

  it("does not keep a cache V8 did not produce", () => {
    const fake = (() => Object.assign(() => 0, { cachedDataProduced: false })) as unknown as CompileFunction;
    const compile = withCodeCache(fake);

    compile("x", [], inContext("/m/x.js"));
    compile("x", [], inContext("/m/x.js"));

    expect(compile.stats).toEqual({ compiled: 2, reused: 0, rejected: 0 });
  });
});

describe("jest/runtime.js, the runtime jest.preset.js names", () => {
  it("extends jest-runtime, and installs the cache on node:vm once however often it is loaded", () => {
    const nodeVm = vm as { compileFunction: CompileFunction };
    const installed = nodeVm.compileFunction;
    const seen: Array<{ runtime: { default: unknown }; jestRuntime: { default: unknown }; compile: CompileFunction }> = [];
    try {
      nodeVm.compileFunction = nodeCompile;
      for (let load = 0; load < 2; load += 1) {
        jest.isolateModules(() => {
          /* eslint-disable @typescript-eslint/no-require-imports */
          seen.push({ runtime: require("../jest/runtime"), jestRuntime: require("jest-runtime"), compile: nodeVm.compileFunction });
          /* eslint-enable @typescript-eslint/no-require-imports */
        });
      }
    } finally {
      nodeVm.compileFunction = installed;
    }

    expect(seen.map((s) => Object.getPrototypeOf(s.runtime.default) === s.jestRuntime.default)).toEqual([true, true]);
    expect(seen[0].compile).not.toBe(nodeCompile);
    expect((seen[0].compile as unknown as Record<symbol, CompileFunction>)[CODE_CACHE]).toBe(nodeCompile);
    expect(seen[1].compile).toBe(seen[0].compile);
  });
});
