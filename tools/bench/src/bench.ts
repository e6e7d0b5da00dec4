import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { affectedProjects, ranTasks, replayedTasks } from "./affected";
import { Exec, ExecResult } from "./exec";
import { Figure, figure, seconds } from "./stats";

/** The targets (issue 19), seconds of wall clock on the 2-core machine. */
export const TARGETS = { freshTest: 90, coldSynth: 12, unchangedRerun: 10 } as const;

/** The targets whose projects `affected` must list after a stack change (lint, typecheck, test). */
export const AFFECTED_TARGETS = ["lint", "typecheck", "test"] as const;

/** What a touched stack's source gets: a comment, so the program and its plan stay the same. */
export const TOUCH = "\n// bench: a change to this stack's source\n";

export interface BenchOptions {
  /** The repository to clone (its committed HEAD is measured, not uncommitted changes). */
  readonly root: string;
  readonly runs: number;
  /** The stack whose index.ts is touched before `nx affected`. */
  readonly layer: string;
  /** Where the figures go (dist/bench.json). */
  readonly out: string;
  /** Keep the temporary clone and caches (for a look afterwards). */
  readonly keep: boolean;
  readonly exec: Exec;
  readonly log: (line: string) => void;
  readonly loadAverage: () => number;
  readonly tmpDir: string;
}

export interface TimedFigure {
  readonly wall: Figure;
  readonly cpu: Figure;
  /** The 1-minute load average as each run started: how much else the machine was doing. */
  readonly loadAtStart: readonly number[];
}

export interface BenchReport {
  readonly runs: number;
  readonly cpus: number;
  readonly installSeconds: number;
  readonly freshTest: TimedFigure & { readonly target: number; readonly met: boolean };
  readonly unchangedRerun: TimedFigure & { readonly target: number; readonly met: boolean; readonly cachedTasks: readonly string[] };
  readonly coldSynth: TimedFigure & { readonly target: number; readonly met: boolean };
  /** `projects`: whose lint, typecheck or test Nx ran or replayed; `replayed`: those tasks it took from its cache. */
  readonly affected: TimedFigure & { readonly layer: string; readonly projects: readonly string[]; readonly replayed: readonly string[] };
}

interface Sample {
  readonly result: ExecResult;
  readonly load: number;
}

const timed = (samples: readonly Sample[]): TimedFigure => ({
  wall: figure(samples.map((s) => s.result.wallMs)),
  cpu: figure(samples.map((s) => s.result.cpuMs)),
  loadAtStart: samples.map((s) => Math.round(s.load * 100) / 100),
});

// Nx's closing line of a run whose tasks all came from its cache.
const cacheLine = (output: string): string => /Nx read the output from the cache[^\n]*/.exec(output)?.[0] ?? "no task read from the cache";

/**
 * Clones `root` into a temporary directory, installs it once (`npm ci`), then per run: a fresh
 * `npm test` (no dist, coverage, .nx, node_modules/.cache; a new Nx cache and workspace data
 * directory and a new Jest cache through TMPDIR), the same `npm test` again with nothing changed, `nx affected -t lint
 * typecheck test` after a comment is added to one stack's index.ts, and a cold `npm run synth` (new Nx
 * cache, no dist). Writes the medians to `out` and returns them.
 */
export function runBench(options: BenchOptions): BenchReport {
  const work = fs.realpathSync(fs.mkdtempSync(path.join(options.tmpDir, "fin-bench-")));
  const clone = path.join(work, "clone");
  // Nothing from an enclosing Nx run or shell may steer the measured ones (cache location, daemon, colour).
  const baseEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("NX_") && k !== "FORCE_COLOR"));
  const envFor = (name: string): NodeJS.ProcessEnv => {
    const tmp = path.join(work, `tmp-${name}`);
    fs.mkdirSync(tmp, { recursive: true });
    // Jest's default cacheDirectory is under os.tmpdir() (TMPDIR): a new one is a cold transform cache.
    // The Nx cache and Nx's workspace data (its database indexes the cache's contents) move together:
    // a new cache directory beside an old database replays "[local cache]" hits with nothing restored
    // (nx/src/utils/cache-directory.ts, resolveSharedDataLocation; seen with Nx 23.2.1).
    return {
      ...baseEnv,
      NX_CACHE_DIRECTORY: path.join(work, `nx-${name}`, "cache"),
      NX_WORKSPACE_DATA_DIRECTORY: path.join(work, `nx-${name}`, "workspace-data"),
      NX_DAEMON: "false",
      TMPDIR: tmp,
      NO_COLOR: "1",
    };
  };
  const run = (what: string, command: string, args: readonly string[], env: NodeJS.ProcessEnv, cwd = clone): Sample => {
    const load = options.loadAverage();
    const result = options.exec(command, args, { cwd, env });
    if (result.status !== 0) {
      // The whole output beside the figures, since the clone (and the sandboxes under its TMPDIR) go.
      const failure = path.join(path.dirname(options.out), "bench-failure.log");
      fs.mkdirSync(path.dirname(failure), { recursive: true });
      fs.writeFileSync(failure, result.output);
      throw new Error(`bench: ${what} (${[command, ...args].join(" ")}) failed with status ${result.status} (whole output: ${failure}):\n${result.output.slice(-4000)}`);
    }
    options.log(`  ${what}: ${seconds(result.wallMs)} s wall, ${seconds(result.cpuMs)} s CPU (load ${load.toFixed(2)})`);
    return { result, load };
  };
  const clean = () => {
    for (const dir of ["dist", "coverage", ".nx", path.join("node_modules", ".cache")]) {
      fs.rmSync(path.join(clone, dir), { recursive: true, force: true });
    }
  };

  try {
    options.log(`bench: cloning ${options.root} into ${clone}`);
    run("git clone", "git", ["clone", "--quiet", options.root, clone], baseEnv, work);
    const install = run("npm ci (once)", "npm", ["ci", "--no-audit", "--no-fund"], baseEnv);
    const fresh: Sample[] = [];
    const rerun: Sample[] = [];
    const affected: Sample[] = [];
    const synth: Sample[] = [];
    const source = path.join(clone, "stacks", options.layer, "index.ts");
    const original = fs.readFileSync(source, "utf8");
    for (let i = 1; i <= options.runs; i++) {
      options.log(`bench: run ${i} of ${options.runs}`);
      clean();
      const env = envFor(`test-${i}`);
      fresh.push(run("fresh npm test", "npm", ["test"], env));
      rerun.push(run("unchanged npm test", "npm", ["test"], env));
      fs.writeFileSync(source, original + TOUCH);
      try {
        affected.push(run(`nx affected after touching stacks/${options.layer}`, "npx", ["nx", "affected", "-t", ...AFFECTED_TARGETS, "--base=HEAD", "--output-style=static"], env));
      } finally {
        fs.writeFileSync(source, original);
      }
      fs.rmSync(path.join(clone, "dist"), { recursive: true, force: true });
      synth.push(run("cold npm run synth", "npm", ["run", "synth"], envFor(`synth-${i}`)));
    }
    const lastAffected = ranTasks(affected[affected.length - 1].result.output);
    const projects = affectedProjects(lastAffected, AFFECTED_TARGETS);
    const replayed = replayedTasks(lastAffected, AFFECTED_TARGETS);
    const against = (samples: readonly Sample[], target: number) => {
      const f = timed(samples);
      return { ...f, target, met: f.wall.median <= target };
    };
    const report: BenchReport = {
      runs: options.runs,
      cpus: os.cpus().length,
      installSeconds: seconds(install.result.wallMs),
      freshTest: against(fresh, TARGETS.freshTest),
      unchangedRerun: { ...against(rerun, TARGETS.unchangedRerun), cachedTasks: rerun.map((s) => cacheLine(s.result.output)) },
      coldSynth: against(synth, TARGETS.coldSynth),
      affected: { ...timed(affected), layer: options.layer, projects, replayed },
    };
    fs.mkdirSync(path.dirname(options.out), { recursive: true });
    fs.writeFileSync(options.out, `${JSON.stringify(report, null, 2)}\n`);
    for (const line of summary(report)) {
      options.log(line);
    }
    return report;
  } finally {
    if (!options.keep) {
      fs.rmSync(work, { recursive: true, force: true });
    }
  }
}

const runsText = (f: TimedFigure): string => `median ${f.wall.median} s wall (runs ${f.wall.runs.join(", ")}), CPU median ${f.cpu.median} s; load at start ${f.loadAtStart.join(", ")}`;

/** The report as the lines `npm run bench` prints last. */
export function summary(report: BenchReport): string[] {
  const verdict = (f: { met: boolean; target: number }) => `target <= ${f.target} s: ${f.met ? "met" : "NOT met"}`;
  return [
    `bench: ${report.runs} runs on ${report.cpus} CPUs (medians; npm ci took ${report.installSeconds} s once)`,
    `fresh npm test:      ${runsText(report.freshTest)}; ${verdict(report.freshTest)}`,
    `unchanged npm test:  ${runsText(report.unchangedRerun)}; ${verdict(report.unchangedRerun)}`,
    `cold npm run synth:  ${runsText(report.coldSynth)}; ${verdict(report.coldSynth)}`,
    `nx affected (stacks/${report.affected.layer} touched): ${runsText(report.affected)}; ran lint/typecheck/test of ${report.affected.projects.join(", ")}; from the cache: ${report.affected.replayed.join(", ") || "none"}`,
  ];
}
