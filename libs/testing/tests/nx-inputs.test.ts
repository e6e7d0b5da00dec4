import * as fs from "node:fs";
import * as path from "node:path";
import { jestRuntimeFiles, keySummary, scratchDir, taskKey, unhashedImports, writeFiles } from "../src";

const REPO = path.resolve(__dirname, "..", "..", "..");

/**
 * A workspace whose project `a` imports `b`, which imports `c`; `a` also names `d` as an implicit
 * dependency, and `e` stands apart. Imports resolve through tsconfig.base.json's paths, which Nx
 * follows once its source analysis is on (it is off in a workspace without `@nx/js` or
 * `pluginsConfig`: nx/src/plugins/js/utils/config.js, jsPluginConfig). Nx is this repository's.
 */
function workspace(): string {
  const root = scratchDir("nx-inputs-ws-");
  const lib = (name: string, source: string, project: Record<string, unknown> = {}) => ({
    [`libs/${name}/project.json`]: JSON.stringify({ name, ...project }),
    [`libs/${name}/src/index.ts`]: source,
  });
  writeFiles(root, {
    "nx.json": JSON.stringify({ namedInputs: { default: ["{projectRoot}/**/*"] }, pluginsConfig: { "@nx/js": { analyzeSourceFiles: true } } }),
    "package.json": JSON.stringify({ name: "ws", private: true }),
    "tsconfig.base.json": JSON.stringify({ compilerOptions: { paths: Object.fromEntries(["b", "c", "d", "e"].map((n) => [`@ws/${n}`, [`libs/${n}/src/index.ts`]])) } }),
    "shared.json": "{}",
    ...lib("a", 'import { b } from "@ws/b";\nexport const a = b;\n', {
      implicitDependencies: ["d"],
      targets: {
        // Its own files, b's, and one root file: c, which b imports, is missed.
        check: { command: "true", inputs: ["default", { input: "default", projects: ["b"] }, "{workspaceRoot}/shared.json"] },
        // Its own files and every dependency's, transitively (implicit ones too).
        whole: { command: "true", inputs: ["default", "^default"] },
      },
    }),
    ...lib("b", 'import { c } from "@ws/c";\nexport const b = c;\n'),
    ...lib("c", "export const c = 1;\n"),
    ...lib("d", "export const d = 1;\n"),
    ...lib("e", "export const e = 1;\n"),
  });
  fs.symlinkSync(path.join(REPO, "node_modules"), path.join(root, "node_modules"), "dir");
  return root;
}

describe("taskKey", () => {
  it("lists exactly the files Nx hashes for a task (those its inputs name, and nx.json and the root tsconfig, which Nx adds to every key: native-task-hasher-impl.js) and the projects its project imports, transitively", () => {
    expect(taskKey(workspace(), "a:check")).toEqual({
      task: "a:check",
      root: "libs/a",
      files: ["libs/a/project.json", "libs/a/src/index.ts", "libs/b/project.json", "libs/b/src/index.ts", "nx.json", "shared.json", "tsconfig.base.json"],
      imports: [
        { name: "b", root: "libs/b" },
        { name: "c", root: "libs/c" },
      ],
    });
  });

  it("throws with Nx's message for a task that does not exist", () => {
    expect(() => taskKey(workspace(), "a:no-such-target")).toThrow(/^nx show target inputs a:no-such-target failed with status 1:\n[\s\S]*no-such-target/);
  });
});

describe("unhashedImports", () => {
  it("names each imported project whose files the key lacks, and no implicit dependency", () => {
    const root = workspace();
    expect(unhashedImports(taskKey(root, "a:check"))).toEqual(["c"]);
    expect(unhashedImports(taskKey(root, "a:whole"))).toEqual([]);
  });

  it("counts a project as hashed by its project.json or its package.json", () => {
    const imports = [
      { name: "p", root: "libs/p" },
      { name: "q", root: "libs/q" },
      { name: "r", root: "libs/r" },
    ];
    expect(unhashedImports({ task: "x:t", root: "libs/x", files: ["libs/p/project.json", "libs/q/package.json", "libs/r/src/index.ts"], imports })).toEqual(["r"]);
  });
});

describe("jestRuntimeFiles", () => {
  it("lists the runtime jest.preset.js names and the modules beside it, from the repository root", () => {
    expect(jestRuntimeFiles()).toEqual(["code-cache.js", "lazy-module.js", "promise-stacks.js", "runtime.js", "scratch-dirs.js", "shared-sources.js"].map((f) => `libs/testing/jest/${f}`));
  });
});

describe("keySummary", () => {
  it("states whether the key holds the task's own project, another stack's files in it, the imports by name, and the unhashed imports and runtime files", () => {
    const key = {
      task: "network:test",
      root: "stacks/network",
      files: ["libs/naming/project.json", ...jestRuntimeFiles().slice(1), "stacks/network/index.ts", "stacks/security/index.ts", "stacks/security/project.json"],
      imports: [
        { name: "iam", root: "libs/iam" },
        { name: "naming", root: "libs/naming" },
      ],
    };
    expect(keySummary(key)).toEqual({
      ownProject: false,
      otherStacks: ["stacks/security/index.ts", "stacks/security/project.json"],
      imports: ["iam", "naming"],
      unhashedImports: ["iam"],
      unhashedRuntime: ["libs/testing/jest/code-cache.js"],
    });
    expect(keySummary({ ...key, files: [...key.files, "stacks/network/project.json"] }).ownProject).toBe(true);
  });
});
