import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { AFFECTED_TARGETS, TARGETS, TOUCH, runBench, summary } from "../src/bench";
import { Exec, ExecResult } from "../src/exec";

interface Call {
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  /** What the clone held when the command ran. */
  readonly dist: boolean;
  readonly touched: boolean;
  /** Whether the TMPDIR it was given existed. */
  readonly tmpdir: boolean;
}

// With `replays` (fakeExec's default), report's test comes from the cache, as a stack change that leaves the plans alone replays it.
const affectedOutput = (replays: boolean) =>
  `> nx run compute:lint\n> nx run compute:test\n> nx run compute:synth:dev\n> nx run report:test${replays ? "  [local cache]" : ""}\n> nx run types:typecheck\n`;

/** A stand-in for the commands: git clone writes a one-stack repository; the rest answer canned timings. */
function fakeExec(timings: Record<string, number[]>, fail?: string, replays = true): { exec: Exec; calls: Call[] } {
  const calls: Call[] = [];
  const seen: Record<string, number> = {};
  const exec: Exec = (command, args, options) => {
    const key = [command, ...args].join(" ");
    if (command === "git") {
      const clone = args[args.length - 1];
      fs.mkdirSync(path.join(clone, "stacks", "compute"), { recursive: true });
      fs.writeFileSync(path.join(clone, "stacks", "compute", "index.ts"), "export {};\n");
    }
    const source = path.join(options.cwd, "stacks", "compute", "index.ts");
    const touched = fs.existsSync(source) && fs.readFileSync(source, "utf8").endsWith(TOUCH);
    const dist = fs.existsSync(path.join(options.cwd, "dist"));
    if (command === "npm" && args[0] === "test") {
      // A run leaves what a real one would: dist, coverage and Nx's workspace data.
      for (const dir of ["dist", "coverage", ".nx", "node_modules/.cache"]) fs.mkdirSync(path.join(options.cwd, dir), { recursive: true });
    }
    calls.push({ command, args, cwd: options.cwd, env: options.env, dist, touched, tmpdir: fs.existsSync(options.env.TMPDIR ?? "/nonexistent") });
    const n = (seen[key] = (seen[key] ?? 0) + 1);
    const wallMs = timings[key]?.[n - 1] ?? 100;
    const output = key.startsWith("npx nx affected")
      ? affectedOutput(replays)
      : key === "npm test" && n % 2 === 0 && replays
        ? "Nx read the output from the cache instead of running the command for 30 out of 30 tasks."
        : "";
    const result: ExecResult = { status: key === fail ? 1 : 0, wallMs, cpuMs: wallMs * 1.5, output: key === fail ? "boom" : output };
    return result;
  };
  return { exec, calls };
}

let tmp: string;
beforeEach(() => {
  tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "bench-test-")));
});
afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

const options = (exec: Exec, log: string[], keep = false) => ({
  root: "/repo",
  runs: 2,
  layer: "compute",
  out: path.join(tmp, "out", "bench.json"),
  keep,
  exec,
  log: (line: string) => log.push(line),
  loadAverage: () => 3.456,
  tmpDir: tmp,
});

describe("runBench", () => {
  it("clones, installs once, then per run measures a fresh npm test, the unchanged rerun, affected after a touch, and a cold synth", () => {
    const { exec, calls } = fakeExec({ "npm test": [80_000, 4_000, 90_000, 5_000], "npm run synth": [11_000, 13_000] });
    const log: string[] = [];
    runBench(options(exec, log));
    expect(calls.map((c) => [c.command, ...c.args].join(" "))).toEqual([
      `git clone --quiet /repo ${calls[0].args[3]}`,
      "npm ci --no-audit --no-fund",
      "npm test",
      "npm test",
      `npx nx affected -t ${AFFECTED_TARGETS.join(" ")} --base=HEAD --output-style=static`,
      "npm run synth",
      "npm test",
      "npm test",
      `npx nx affected -t ${AFFECTED_TARGETS.join(" ")} --base=HEAD --output-style=static`,
      "npm run synth",
    ]);
    const clone = calls[0].args[3];
    expect(calls[0].cwd).toBe(path.dirname(clone));
    expect(calls.slice(1).every((c) => c.cwd === clone)).toBe(true);
    // Fresh: no dist from the run before; the second npm test and affected share its Nx cache; synth has its own, and no dist.
    expect(calls.map((c) => c.dist)).toEqual([false, false, false, true, true, false, false, true, true, false]);
    expect(calls.map((c) => c.touched)).toEqual([false, false, false, false, true, false, false, false, true, false]);
    const caches = calls.map((c) => c.env.NX_CACHE_DIRECTORY);
    expect(calls.map((c) => c.env.NX_WORKSPACE_DATA_DIRECTORY)).toEqual(calls.map((c) => c.env.NX_CACHE_DIRECTORY?.replace(/cache$/, "workspace-data")));
    expect(caches[2]).toBe(caches[3]);
    expect(caches[3]).toBe(caches[4]);
    expect(new Set([caches[2], caches[5], caches[6], caches[9]]).size).toBe(4);
    expect(new Set(calls.slice(2).map((c) => c.env.TMPDIR)).size).toBe(4);
    expect(calls.slice(2).every((c) => c.env.NX_DAEMON === "false" && c.tmpdir)).toBe(true);
    // The clone, with the caches beside it, is gone afterwards.
    expect(fs.existsSync(clone)).toBe(false);
    expect(log.slice(0, 2)).toEqual([`bench: cloning /repo into ${clone}`, "  git clone: 0.1 s wall, 0.2 s CPU (load 3.46)"]);
  });

  it("writes the medians, every run, the load at each start and the affected projects to the out file, and removes its temporary directory", () => {
    const { exec } = fakeExec({ "npm test": [80_000, 4_000, 100_000, 5_000], "npm run synth": [11_000, 13_000], "npm ci --no-audit --no-fund": [30_000] });
    const log: string[] = [];
    const report = runBench(options(exec, log));
    expect(JSON.parse(fs.readFileSync(path.join(tmp, "out", "bench.json"), "utf8"))).toEqual(report);
    expect(report).toEqual({
      runs: 2,
      cpus: os.cpus().length,
      installSeconds: 30,
      freshTest: { wall: { median: 90, runs: [80, 100] }, cpu: { median: 135, runs: [120, 150] }, loadAtStart: [3.46, 3.46], target: TARGETS.freshTest, met: true },
      unchangedRerun: {
        wall: { median: 4.5, runs: [4, 5] },
        cpu: { median: 6.8, runs: [6, 7.5] },
        loadAtStart: [3.46, 3.46],
        target: TARGETS.unchangedRerun,
        met: true,
        cachedTasks: [
          "Nx read the output from the cache instead of running the command for 30 out of 30 tasks.",
          "Nx read the output from the cache instead of running the command for 30 out of 30 tasks.",
        ],
      },
      coldSynth: { wall: { median: 12, runs: [11, 13] }, cpu: { median: 18, runs: [16.5, 19.5] }, loadAtStart: [3.46, 3.46], target: TARGETS.coldSynth, met: true },
      affected: { wall: { median: 0.1, runs: [0.1, 0.1] }, cpu: { median: 0.2, runs: [0.2, 0.2] }, loadAtStart: [3.46, 3.46], layer: "compute", projects: ["compute", "report", "types"], replayed: ["report:test"] },
    });
    expect(log.slice(-5)).toEqual(summary(report));
    expect(fs.readdirSync(tmp)).toEqual(["out"]);
  });

  it("keeps the clone and caches with keep, and says NOT met for a median over its target", () => {
    const { exec, calls } = fakeExec({ "npm test": [95_000, 11_000, 91_000, 12_000], "npm run synth": [13_000, 14_000] });
    const log: string[] = [];
    const report = runBench(options(exec, log, true));
    expect(fs.existsSync(calls[0].args[3])).toBe(true);
    expect([report.freshTest.met, report.unchangedRerun.met, report.coldSynth.met]).toEqual([false, false, false]);
    expect(summary(report)).toEqual([
      `bench: 2 runs on ${os.cpus().length} CPUs (medians; npm ci took 0.1 s once)`,
      "fresh npm test:      median 93 s wall (runs 95, 91), CPU median 139.5 s; load at start 3.46, 3.46; target <= 90 s: NOT met",
      "unchanged npm test:  median 11.5 s wall (runs 11, 12), CPU median 17.3 s; load at start 3.46, 3.46; target <= 10 s: NOT met",
      "cold npm run synth:  median 13.5 s wall (runs 13, 14), CPU median 20.3 s; load at start 3.46, 3.46; target <= 12 s: NOT met",
      "nx affected (stacks/compute touched): median 0.1 s wall (runs 0.1, 0.1), CPU median 0.2 s; load at start 3.46, 3.46; ran lint/typecheck/test of compute, report, types; from the cache: report:test",
    ]);
  });

  it("stops at a failing command with its status and output, restoring the touched source and removing its directory", () => {
    const { exec, calls } = fakeExec({}, `npx nx affected -t ${AFFECTED_TARGETS.join(" ")} --base=HEAD --output-style=static`);
    const failure = path.join(tmp, "out", "bench-failure.log");
    expect(() => runBench(options(exec, []))).toThrow(
      `bench: nx affected after touching stacks/compute (npx nx affected -t lint typecheck test --base=HEAD --output-style=static) failed with status 1 (whole output: ${failure}):\nboom`,
    );
    expect(calls).toHaveLength(5);
    expect(fs.readdirSync(tmp)).toEqual(["out"]);
    expect(fs.readFileSync(failure, "utf8")).toBe("boom");
  });

  it("says so when no rerun task came from the cache", () => {
    const { exec } = fakeExec({}, undefined, false);
    const report = runBench({ ...options(exec, []), runs: 1 });
    expect(report.unchangedRerun.cachedTasks).toEqual(["no task read from the cache"]);
    expect(report.affected.replayed).toEqual([]);
    expect(summary(report)[4]).toMatch(/; ran lint\/typecheck\/test of compute, report, types; from the cache: none$/);
  });
});
