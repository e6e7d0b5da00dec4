#!/usr/bin/env node
// Offline synth. It loads each program exactly as `pulumi up` does (see @pulumi/pulumi/cmd/run/run.js):
// cwd = the project directory, ts-node registered with that project's tsconfig.json through Pulumi's own
// tsutils, then `require(<Pulumi.yaml main>)`. No path aliases are registered, so a stack that would not
// load under Pulumi does not synth. Type-checking is the separate `typecheck` target, hence Pulumi's
// transpile-only mode.
//
// Run as a command, it synthesizes one layer in a process of its own. The synth target's Nx executor
// (../executors/synth.js) calls `synthLayer` for every layer of a run in one process instead (ADR 0018,
// "one process for the layers"), each layer isolated:
// - it starts from the module registry the process had before the first layer: every module a program,
//   the workspace libs, Pulumi or the providers loaded is dropped from require.cache, so each layer loads
//   its own instances, as a process of its own would;
// - Pulumi's stores are new: the program runs in a fresh LocalStore (`withLocalStorage`, what Pulumi's
//   provider server uses to run several programs in one process: @pulumi/pulumi/provider/server.js), and
//   the global store (registered resource packages and modules) is dropped;
// - what is shared is ts-node's registration, made once with the first layer's settings, and the
//   JavaScript it emitted for a given file and source (transpile-only output is a function of the two). A
//   layer whose ts-node settings differ from those runs in a child process, as this command.
"use strict";
const { spawnSync } = require("node:child_process");
const path = require("node:path");

// What the process had loaded before any layer: Node's own and, under Nx, the batch worker and executor.
const hostModules = new Set(Object.keys(require.cache));
// And the exit listeners it had: Pulumi's leak report (runtime/debuggable.js) and @pulumi/aws's bucket
// subscriptions (s3/s3Mixins.js) add one each time they load, holding that layer's modules.
const EXIT_EVENTS = ["exit", "beforeExit"];
const hostListeners = new Map(EXIT_EVENTS.map((event) => [event, new Set(process.listeners(event))]));

/** ts-node's settings in this process (JSON), once registered. */
let registered;

/** The options Pulumi's nodejs runtime gives ts-node for the project in the current directory. */
function pulumiTsNodeOptions() {
  const tsutils = require("@pulumi/pulumi/tsutils");
  const compilerOptions = tsutils.loadTypeScriptCompilerOptions("tsconfig.json");
  const { tsnodeRequire, typescriptRequire } = tsutils.typeScriptRequireStrings();
  // Pulumi's defaults for TypeScript >= 4.7, overridden by the project's own tsconfig compilerOptions.
  const [major, minor] = require(typescriptRequire).version.split(".").map(Number);
  const nodeNext = major > 4 || (major === 4 && minor >= 7);
  const options = {
    compiler: typescriptRequire,
    transpileOnly: (process.env.PULUMI_NODEJS_TRANSPILE_ONLY ?? "true") === "true",
    project: "tsconfig.json",
    skipProject: false,
    compilerOptions: {
      target: "ES2020",
      module: nodeNext ? "nodenext" : "commonjs",
      moduleResolution: nodeNext ? "nodenext" : "node",
      sourceMap: "true",
      ...compilerOptions,
    },
  };
  return { tsnodeRequire, options };
}

/**
 * Registers ts-node for the project in the current directory, the first time; returns false when it
 * was registered with other settings (the project's options, or the tsconfig.json ts-node resolves,
 * extends included), which this process cannot serve.
 */
function registerTypeScript() {
  const { tsnodeRequire, options } = pulumiTsNodeOptions();
  const tsNode = require(tsnodeRequire);
  // ts-node's own reading of tsconfig.json, `extends` included (`create` parses it; `register` also
  // installs the hook). Two options name the project's directory: the file itself, and the `outDir`
  // ts-node defaults to `<project>/.ts-node` (ts-node/dist/configuration.js); in transpile-only mode
  // nothing is written there, and ts-node rewrites each source map to name the compiled file alone
  // (`updateSourceMap`, ts-node/dist/index.js), so neither changes what a file compiles to.
  const service = tsNode.create(options);
  const effective = { ...service.config.options };
  delete effective.configFilePath;
  delete effective.outDir;
  const settings = JSON.stringify({ options, effective });
  if (registered !== undefined) {
    return registered === settings;
  }
  tsNode.register(service);
  // The loader stays loaded: TypeScript and ts-node are the registration, not program state.
  for (const loader of [tsnodeRequire, options.compiler]) {
    const dir = path.dirname(require.resolve(loader)) + path.sep;
    Object.keys(require.cache)
      .filter((id) => id.startsWith(dir))
      .forEach((id) => hostModules.add(id));
  }
  const emitted = new Map();
  const compile = service.compile.bind(service);
  // ts-node keeps each file's output for its source maps (outputCache, by file name), so a repeated
  // file maps as before.
  service.compile = (code, fileName, lineOffset) => {
    const key = `${fileName}\0${lineOffset ?? 0}\0${code}`;
    if (!emitted.has(key)) {
      emitted.set(key, compile(code, fileName, lineOffset));
    }
    return emitted.get(key);
  };
  registered = settings;
  return true;
}

/**
 * Drops what an earlier layer left: every module loaded since the process started, Pulumi's global
 * store, and the exit listeners its modules added (the last layer keeps its own, so the command's
 * single layer still reports leaked promises at exit). The next layer loads its own.
 */
function freshProgramState() {
  for (const id of Object.keys(require.cache)) {
    if (!hostModules.has(id)) {
      delete require.cache[id];
    }
  }
  // A module keeps the modules it required in `children` (this file keeps the synth CLI's tree).
  for (const id of hostModules) {
    const kept = require.cache[id];
    if (kept !== undefined) {
      kept.children = kept.children.filter((child) => hostModules.has(child.id));
    }
  }
  delete global.globalStore;
  for (const event of EXIT_EVENTS) {
    for (const listener of process.listeners(event)) {
      if (!hostListeners.get(event).has(listener)) {
        process.removeListener(event, listener);
      }
    }
  }
}

/** The layer's directory and its `--check=<module>`, from the command's arguments. */
function parseArgs(root, argv) {
  return {
    stackDir: path.resolve(root, argv.find((a) => !a.startsWith("--")) ?? "."),
    check: argv.find((a) => a.startsWith("--check="))?.slice("--check=".length),
    synthArgs: argv.filter((a) => !a.startsWith("--check=")),
  };
}

// `--check=<module>`: after a successful synth, run a plan check in this same process on the plan just
// written: `require(<module>).checkPlan(["<layer dir>/preview.json", "--out", "<layer dir>/policy.json"], io,
// root)` resolves to its exit code, which becomes synth's. The synth target passes the policy pack's
// `libs/policies/bin/policy-check.js`. The module is named by the caller, so this library does not depend
// on the policies that depend on it. Its .ts sources load through the loader registered here.
async function synthAndCheck(root, check, synthArgs, io) {
  const { synthCli, synthTarget } = require("../src/synth-cli.ts");
  const code = await synthCli(synthArgs, require, io, root);
  if (code !== 0 || check === undefined) return code;
  const { PLAN_FILES } = require("../src/layout.ts");
  // The directory synthCli wrote, relative to the workspace, as the synth target's separate
  // policy-check command named it.
  const dir = path.relative(root, synthTarget(synthArgs, root).outDir);
  const plan = path.join(dir, PLAN_FILES.preview);
  return require(path.resolve(root, check)).checkPlan([plan, "--out", path.join(dir, PLAN_FILES.policy)], io, root);
}

/**
 * Synthesizes (and checks) one layer: `argv` is the command's (`stacks/<layer> --stack=<env>
 * [--dist=<dir>] [--check=<module>]`), paths relative to `root`. Resolves to the exit code; prints
 * through console.log / console.error, as the command does.
 */
async function synthLayer(root, argv) {
  const { stackDir, check, synthArgs } = parseArgs(root, argv);
  const cwd = process.cwd();
  process.chdir(stackDir);
  try {
    freshProgramState();
    if (!registerTypeScript()) {
      const child = spawnSync(process.execPath, [__filename, ...argv], { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
      process.stdout.write(child.stdout);
      process.stderr.write(child.stderr);
      return child.status ?? 1;
    }
    const io = { out: console.log, err: console.error };
    const state = require(require.resolve("@pulumi/pulumi/runtime/state", { paths: [stackDir] }));
    return await state.withLocalStorage(() => synthAndCheck(root, check, synthArgs, io));
  } finally {
    process.chdir(cwd);
  }
}

module.exports = { synthLayer };

if (require.main === module) {
  synthLayer(process.cwd(), process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
