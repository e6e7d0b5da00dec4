// The synth target's Nx executor (ADR 0018, "one process for the layers"). Nx hands a batch executor
// every synth task of a run that is ready or waits only on others in the same batch (`preferBatch`,
// nx/src/tasks-runner/tasks-schedule.ts, scheduleBatches), after taking the cached ones out (each task
// keeps its own hash, cache entry and outputs: task-orchestrator.ts, applyFromCacheOrRunBatch). This
// executor then runs the layers one after another, each after the ones it depends on, in Nx's one batch
// worker process, through the synth module's `synthLayer` (libs/plan/bin/synth.js), which isolates them.
// Four layers then load Node, Nx, TypeScript and the policy pack once instead of four times.
"use strict";
const path = require("node:path");

/** The synth command's arguments for one layer, as the target's command line gave them before. */
function layerArgs(projectRoot, options) {
  return [projectRoot, `--stack=${options.stack}`, ...(options.check ? [`--check=${options.check}`] : [])];
}

/** Resolves to `run`'s exit code; a crash prints its stack and is exit code 1, failing that layer alone. */
async function exitCode(run) {
  try {
    return await run();
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    return 1;
  }
}

/**
 * Runs `run`, keeping what it writes to stdout and stderr instead of writing it: a batch task's output is
 * its result's `terminalOutput`, which Nx prints as it prints any task's (under the output style in use,
 * once) and caches with it. Nx also forwards whatever the worker itself writes (batch-process.js), so
 * writing it as well would print it twice.
 */
async function captured(run) {
  const chunks = [];
  const streams = [process.stdout, process.stderr];
  const writes = streams.map((stream) => stream.write);
  for (const stream of streams) {
    stream.write = (chunk) => {
      chunks.push(String(chunk));
      return true;
    };
  }
  try {
    return { code: await exitCode(run), output: chunks.join("") };
  } finally {
    streams.forEach((stream, i) => {
      stream.write = writes[i];
    });
  }
}

/** Synthesizes one task's layer through the synth module the options name; resolves to its exit code. */
function synthTask(context, project, options) {
  const projectRoot = context.projectsConfigurations.projects[project].root;
  const { synthLayer } = require(path.resolve(context.root, options.synth));
  return synthLayer(context.root, layerArgs(projectRoot, options));
}

/** `nx run <layer>:synth` outside a batch (`--batch=false`): the one layer. */
async function synthExecutor(options, context) {
  return { success: (await exitCode(() => synthTask(context, context.projectName, options))) === 0 };
}

/**
 * The batch: every task once its dependencies in the batch have run, in the task graph's order; a task
 * whose dependency failed or was skipped is skipped. Yields each result as it completes.
 */
async function* synthBatch(taskGraph, inputs, _overrides, context) {
  const pending = Object.keys(taskGraph.tasks);
  const status = new Map();
  while (pending.length > 0) {
    const index = pending.findIndex((id) => taskGraph.dependencies[id].every((dep) => status.has(dep) || !(dep in taskGraph.tasks)));
    const [id] = pending.splice(index, 1);
    const startTime = Date.now();
    if (taskGraph.dependencies[id].some((dep) => status.has(dep) && status.get(dep) !== "success")) {
      status.set(id, "skipped");
      yield { task: id, result: { success: false, status: "skipped", terminalOutput: "", startTime, endTime: startTime } };
      continue;
    }
    const { code, output } = await captured(() => synthTask(context, taskGraph.tasks[id].target.project, inputs[id]));
    status.set(id, code === 0 ? "success" : "failure");
    yield { task: id, result: { success: code === 0, status: status.get(id), terminalOutput: output, startTime, endTime: Date.now() } };
  }
}

module.exports = { synthExecutor, synthBatch };
