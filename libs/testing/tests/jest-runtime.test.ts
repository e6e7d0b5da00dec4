// What jest.preset.js's runtime keeps between the test files of one Jest process besides compiled code
// (jest/shared-sources.js, jest/lazy-module.js, jest/runtime.js; ADR 0018).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import vm from "node:vm";

/* eslint-disable @typescript-eslint/no-require-imports -- plain JavaScript that jest-runner loads with Node's require */
const { sharedSources } = require("../jest/shared-sources") as {
  sharedSources: (own: Map<string, string>, store: Map<string, Kept>, stat?: Stat) => Sources;
};
const { lazyModule } = require("../jest/lazy-module") as { lazyModule: <T extends object>(load: () => T) => T & { __esModule: true } };
const { promiseStacksUnmapped } = require("../jest/promise-stacks") as { promiseStacksUnmapped: (main: { prepareStackTrace?: unknown }) => Formatter };
/* eslint-enable @typescript-eslint/no-require-imports */

type Formatter = (error: Error, trace: NodeJS.CallSite[]) => string;
interface Kept {
  text: string;
  size: number;
  mtimeMs: number;
}
type Stat = (file: string, options: { throwIfNoEntry: false }) => { size: number; mtimeMs: number } | undefined;
interface Sources {
  get(file: string): string | undefined;
  set(file: string, text: string): Sources;
  has(file: string): boolean;
  clear(): void;
}

const INSTALLED = path.join("/w", "node_modules", "pkg", "index.js");
const OWN = path.join("/w", "src", "index.ts");

/** A stat over a table of sizes and times; a file missing from it does not exist. */
const statOf = (files: Record<string, { size: number; mtimeMs: number }>): Stat & { calls: string[] } => {
  const calls: string[] = [];
  return Object.assign((file: string) => (calls.push(file), files[file]), { calls });
};

describe("sharedSources, jest-runner's per-file source Map with installed files kept for the process", () => {
  it("hands a later test file the text an earlier one read of an installed file, once the file is unchanged", () => {
    const store = new Map<string, Kept>();
    const stat = statOf({ [INSTALLED]: { size: 11, mtimeMs: 5 } });
    const first = new Map([["/w/a.test.ts", "test a"]]);
    sharedSources(first, store, stat).set(INSTALLED, "module.a=1;");

    const second = new Map<string, string>();
    const sources = sharedSources(second, store, stat);

    expect(sources.get(INSTALLED)).toBe("module.a=1;");
    expect(sources.has(INSTALLED)).toBe(true);
    // The file's own Map holds it too, as jest-runner's transformer reads that Map.
    expect([...first]).toEqual([["/w/a.test.ts", "test a"], [INSTALLED, "module.a=1;"]]);
    expect([...second]).toEqual([[INSTALLED, "module.a=1;"]]);
    // One stat on set, one on the first get; the second get is the file's own Map.
    expect(stat.calls).toEqual([INSTALLED, INSTALLED]);
  });

  it("keeps no text of the workspace's own files, which are edited between runs", () => {
    const store = new Map<string, Kept>();
    const stat = statOf({ [OWN]: { size: 3, mtimeMs: 1 } });
    sharedSources(new Map(), store, stat).set(OWN, "own");

    const later = sharedSources(new Map(), store, stat);

    expect(later.get(OWN)).toBeUndefined();
    expect(later.has(OWN)).toBe(false);
    expect(store.size).toBe(0);
    expect(stat.calls).toEqual([]);
  });

  it("reads an installed file again once its size or modification time changed, or it is gone", () => {
    const files = { [INSTALLED]: { size: 11, mtimeMs: 5 } };
    const store = new Map<string, Kept>();
    const stat = statOf(files);
    sharedSources(new Map(), store, stat).set(INSTALLED, "module.a=1;");

    files[INSTALLED] = { size: 11, mtimeMs: 6 };
    expect(sharedSources(new Map(), store, stat).get(INSTALLED)).toBeUndefined();
    expect(store.has(INSTALLED)).toBe(false);

    sharedSources(new Map(), store, stat).set(INSTALLED, "module.a=2;");
    files[INSTALLED] = { size: 12, mtimeMs: 6 };
    expect(sharedSources(new Map(), store, stat).get(INSTALLED)).toBeUndefined();

    sharedSources(new Map(), store, stat).set(INSTALLED, "module.a=22;");
    delete (files as Record<string, unknown>)[INSTALLED];
    expect(sharedSources(new Map(), store, stat).get(INSTALLED)).toBeUndefined();
    // A file that cannot be stat'ed is not kept.
    sharedSources(new Map(), store, stat).set(INSTALLED, "gone");
    expect(store.size).toBe(0);
  });

  it("answers a file neither it nor an earlier test file read with nothing, and clears only the file's own Map", () => {
    const store = new Map<string, Kept>([[INSTALLED, { text: "kept", size: 4, mtimeMs: 1 }]]);
    const own = new Map([["/w/b.test.ts", "test b"]]);
    const sources = sharedSources(own, store, statOf({ [INSTALLED]: { size: 4, mtimeMs: 1 } }));

    expect(sources.get(path.join("/w", "node_modules", "other", "index.js"))).toBeUndefined();
    expect(sources.get(INSTALLED)).toBe("kept");
    sources.clear();

    expect(own.size).toBe(0);
    expect([...store.keys()]).toEqual([INSTALLED]);
  });

  it("stats with Node's fs by default", () => {
    const store = new Map<string, Kept>();
    const real = require.resolve("jest-runtime");
    const text = "the text read";

    sharedSources(new Map(), store).set(real, text);
    sharedSources(new Map(), store).set(path.join("/nowhere", "node_modules", "x.js"), "x");

    expect(sharedSources(new Map(), store).get(real)).toBe(text);
    expect([...store.keys()]).toEqual([real]);
  });
});

describe("lazyModule", () => {
  it("looks like an ES module, loads on the first read of an export, and only once", () => {
    const load = jest.fn(() => ({ Arborist: class Arborist {}, version: "9" }));
    const lazy = lazyModule(load);

    expect(lazy.__esModule).toBe(true);
    expect("__esModule" in lazy).toBe(true);
    expect(load).not.toHaveBeenCalled();
    expect(new lazy.Arborist()).toBeInstanceOf(lazy.Arborist);
    expect([lazy.version, "version" in lazy, "missing" in lazy]).toEqual(["9", true, false]);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it("is returned as it is by TypeScript's __importStar, so importing it reads nothing", () => {
    const load = jest.fn(() => ({ Arborist: 1 }));
    const lazy = lazyModule(load);
    // The helper @pulumi/pulumi 3.270.0 compiles into runtime/closure/codePaths.js.
    const importStar = (mod: { __esModule?: boolean }) => (mod && mod.__esModule ? mod : { ...mod, default: mod });

    expect(importStar(lazy)).toBe(lazy);
    expect(load).not.toHaveBeenCalled();
  });
});

describe("promiseStacksUnmapped, a test context's Error.prepareStackTrace", () => {
  const DEBUGGABLE = path.join("/w", "node_modules", "@pulumi", "pulumi", "runtime", "debuggable.js");
  const site = (functionName: string | null, fileName: string | undefined, text: string) =>
    ({ getFunctionName: () => functionName, getFileName: () => fileName, toString: () => text }) as unknown as NodeJS.CallSite;
  const jestFormatter = () => Object.assign(jest.fn(() => "mapped by Jest"), {});

  it("formats the stack Pulumi keeps of each promise as V8 does, without asking Jest's formatter", () => {
    const main = { prepareStackTrace: jestFormatter() };
    const trace = [site("debuggablePromise", DEBUGGABLE, `debuggablePromise (${DEBUGGABLE}:253:80)`), site("output", "/w/o.js", "output (/w/o.js:1:2)")];

    expect(promiseStacksUnmapped(main)(new Error("x"), trace)).toBe(`Error: x\n    at debuggablePromise (${DEBUGGABLE}:253:80)\n    at output (/w/o.js:1:2)`);
    expect(main.prepareStackTrace).not.toHaveBeenCalled();
  });

  it("hands every other stack to the main context's formatter of the moment, and formats as V8 when there is none", () => {
    const main: { prepareStackTrace?: unknown } = { prepareStackTrace: jestFormatter() };
    const format = promiseStacksUnmapped(main);
    const error = new Error("y");
    const others = [
      [site("test", "/w/a.test.ts", "test (/w/a.test.ts:3:4)")],
      [site("debuggablePromise", "/w/src/debuggable.js", "debuggablePromise (/w/src/debuggable.js:1:1)")],
      [site("debuggablePromise", undefined, "debuggablePromise (native)")],
      [],
    ];

    expect(others.map((trace) => format(error, trace))).toEqual(Array(4).fill("mapped by Jest"));
    expect((main.prepareStackTrace as jest.Mock).mock.calls).toEqual(others.map((trace) => [error, trace]));
    main.prepareStackTrace = undefined;
    expect(format(error, others[0])).toBe("Error: y\n    at test (/w/a.test.ts:3:4)");
  });

  it("is what V8 calls for an error of a context whose Error carries it", () => {
    const main = { prepareStackTrace: jestFormatter() };
    const context = vm.createContext({});
    (vm.runInContext("Error", context) as { prepareStackTrace: Formatter }).prepareStackTrace = promiseStacksUnmapped(main);
    vm.runInContext("function debuggablePromise() { return new Error().stack; }\nfunction other() { return new Error().stack; }", context, { filename: DEBUGGABLE });

    const stack = vm.runInContext("debuggablePromise()", context) as string;

    expect(stack.split("\n").slice(0, 3)).toEqual(["Error", `    at debuggablePromise (${DEBUGGABLE}:1:39)`, "    at evalmachine.<anonymous>:1:1"]);
    expect(vm.runInContext("other()", context)).toBe("mapped by Jest");
  });
});

describe("jest/runtime.js, the runtime jest.preset.js names", () => {
  type Args = unknown[];
  class FakeJestRuntime {
    readonly args: Args;
    readonly required: Array<[string, string]> = [];
    constructor(...args: Args) {
      this.args = args;
    }
    requireModuleOrMock(from: string, moduleName: string): unknown {
      this.required.push([from, moduleName]);
      return { Arborist: `the real ${moduleName}` };
    }
    tornDownWith: unknown[] | undefined;
    teardown(): void {
      this.tornDownWith = [...((this as unknown as FinRuntime)._environment.global.__finScratchDirs ?? [])];
    }
  }
  interface FinRuntime extends FakeJestRuntime {
    _environment: { global: { __coverage__?: unknown; __finScratchDirs?: string[] } };
    getAllCoverageInfoCopy(): unknown;
  }

  /** runtime.js loaded over a stand-in jest-runtime, with node:vm's compileFunction put back after. */
  const loadOverFake = (): new (...args: Args) => FinRuntime => {
    const nodeVm = vm as { compileFunction: typeof vm.compileFunction };
    const installed = nodeVm.compileFunction;
    let loaded: { default: new (...args: Args) => FinRuntime } | undefined;
    try {
      jest.isolateModules(() => {
        jest.doMock("jest-runtime", () => ({ __esModule: true, default: FakeJestRuntime }));
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        loaded = require("../jest/runtime");
      });
    } finally {
      nodeVm.compileFunction = installed;
    }
    return loaded!.default;
  };

  const CODE_PATHS = path.join("/w", "node_modules", "@pulumi", "pulumi", "runtime", "closure", "codePaths.js");

  it("is a jest-runtime Runtime, handed every constructor argument, with the source Map shared for installed files", () => {
    const Runtime = loadOverFake();
    const cacheFS = new Map([["/w/a.test.ts", "test a"]]);

    const environment = { global: { Error: {} as { prepareStackTrace?: Formatter } } };

    const runtime = new Runtime("config", environment, "resolver", "transformer", cacheFS, "coverage options", "/w/a.test.ts", "global config");

    expect(runtime).toBeInstanceOf(FakeJestRuntime);
    expect(runtime.args.filter((_, i) => i !== 4)).toEqual(["config", environment, "resolver", "transformer", "coverage options", "/w/a.test.ts", "global config"]);
    // The test file's context formats Pulumi's promise stacks itself, everything else as this side's Error does.
    const outer = Error as { prepareStackTrace?: Formatter };
    const installed = outer.prepareStackTrace;
    try {
      outer.prepareStackTrace = () => "this side's";
      expect(environment.global.Error.prepareStackTrace!(new Error("z"), [])).toBe("this side's");
    } finally {
      outer.prepareStackTrace = installed;
    }
    const sources = runtime.args[4] as Sources;
    expect(sources).not.toBe(cacheFS);
    expect(sources.get("/w/a.test.ts")).toBe("test a");
    sources.set("/w/b.ts", "b");
    expect(cacheFS.get("/w/b.ts")).toBe("b");
  });

  it("makes only Pulumi's closure code-paths require of @npmcli/arborist lazy", () => {
    const runtime = new (loadOverFake())(undefined, { global: { Error: {} } });

    const lazy = runtime.requireModuleOrMock(CODE_PATHS, "@npmcli/arborist") as { Arborist: string };
    expect(runtime.required).toEqual([]);
    expect(lazy.Arborist).toBe("the real @npmcli/arborist");
    expect(runtime.required).toEqual([[CODE_PATHS, "@npmcli/arborist"]]);

    expect(runtime.requireModuleOrMock("/w/src/index.ts", "@npmcli/arborist")).toEqual({ Arborist: "the real @npmcli/arborist" });
    expect(runtime.requireModuleOrMock(CODE_PATHS, "upath")).toEqual({ Arborist: "the real upath" });
    expect(runtime.required).toHaveLength(3);
  });

  it("copies the test file's coverage out of its context, and none when there is none", () => {
    const runtime = new (loadOverFake())(undefined, { global: { Error: {} } });
    const coverage = { "/w/src/a.ts": { path: "/w/src/a.ts", s: { "0": 3 }, b: { "0": [1, 0] }, f: {}, statementMap: { "0": { start: { line: 1, column: 0 } } } } };
    const inContext = vm.runInNewContext(`(${JSON.stringify(coverage)})`) as object;
    runtime._environment = { global: { __coverage__: inContext } };

    const copy = runtime.getAllCoverageInfoCopy() as object;

    expect(copy).toEqual(coverage);
    // A plain object of this side, not one of the test file's context.
    expect(Object.getPrototypeOf(copy)).not.toBe(Object.getPrototypeOf(inContext));
    expect(Object.getPrototypeOf(Object.getPrototypeOf(copy))).toBeNull();

    runtime._environment = { global: {} };
    expect(runtime.getAllCoverageInfoCopy()).toBeUndefined();
  });

  it("removes the test file's scratch directories at teardown, before jest-runtime's own teardown", () => {
    const runtime = new (loadOverFake())(undefined, { global: { Error: {} } });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "runtime-teardown-"));
    fs.writeFileSync(path.join(dir, "plan.json"), "{}");
    runtime._environment = { global: { __finScratchDirs: [dir] } };

    (runtime as unknown as { teardown(): void }).teardown();

    expect(fs.existsSync(dir)).toBe(false);
    // jest-runtime's teardown ran after the removal, with the list already emptied.
    expect(runtime.tornDownWith).toEqual([]);
  });
});
