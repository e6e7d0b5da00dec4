import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { benchCli, parseArgs } from "../src/cli";
import { Exec } from "../src/exec";

const LAYERS = ["compute", "data", "network", "security"];

describe("parseArgs", () => {
  it("defaults to 3 runs, compute touched, dist/bench.json, temporary files removed", () => {
    expect(parseArgs([], LAYERS)).toEqual({ runs: 3, layer: "compute", out: path.join("dist", "bench.json"), keep: false });
  });

  it("reads --runs, --layer, --out and --keep", () => {
    expect(parseArgs(["--runs=5", "--layer=network", "--out=x/b.json", "--keep"], LAYERS)).toEqual({ runs: 5, layer: "network", out: "x/b.json", keep: true });
  });

  it.each([
    [["--runs=0"], "--runs=0: expected a whole number of runs, at least 1"],
    [["--runs=2.5"], "--runs=2.5: expected a whole number of runs, at least 1"],
    [["--layer=comput"], "--layer=comput: expected one of the stacks compute, data, network, security"],
    [["--out="], "--out=: not a bench flag"],
    [["--runs"], "--runs: not a bench flag"],
    [["fast"], "fast: not a bench flag"],
  ])("refuses %j: %s", (argv, message) => {
    expect(() => parseArgs(argv, LAYERS)).toThrow(message);
  });
});

describe("benchCli", () => {
  let root: string;
  beforeEach(() => {
    root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "bench-cli-")));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it("prints the problem and the usage and exits 2 for a bad flag, running nothing", () => {
    const log: string[] = [];
    const exec = jest.fn();
    expect(benchCli(["--runs=-1"], root, LAYERS, exec, (l) => log.push(l))).toBe(2);
    expect(log).toEqual([
      "--runs=-1: expected a whole number of runs, at least 1\nusage: bench [--runs=<n>] [--layer=<stack>] [--out=<file>] [--keep]   (runs 3, layer compute, out dist/bench.json)",
    ]);
    expect(exec).not.toHaveBeenCalled();
  });

  it("prints a failing command's message and exits 1", () => {
    const log: string[] = [];
    const exec: Exec = () => ({ status: 128, wallMs: 5, cpuMs: 0, output: "fatal: not a repository" });
    expect(benchCli([], root, LAYERS, exec, (l) => log.push(l))).toBe(1);
    expect(log[log.length - 1]).toBe(`bench: git clone (git clone --quiet ${root} ${log[0].split(" into ")[1]}) failed with status 128 (whole output: ${path.join(root, "dist", "bench-failure.log")}):\nfatal: not a repository`);
    expect(fs.readFileSync(path.join(root, "dist", "bench-failure.log"), "utf8")).toBe("fatal: not a repository");
  });

  it("runs the bench on the workspace root and writes the out file relative to it, exit 0", () => {
    const exec: Exec = (command, args) => {
      if (command === "git") {
        fs.mkdirSync(path.join(args[3], "stacks", "data"), { recursive: true });
        fs.writeFileSync(path.join(args[3], "stacks", "data", "index.ts"), "export {};\n");
      }
      return { status: 0, wallMs: 1000, cpuMs: 1000, output: "> nx run data:test\n" };
    };
    const log: string[] = [];
    expect(benchCli(["--runs=1", "--layer=data", "--out=dist/b.json"], root, LAYERS, exec, (l) => log.push(l))).toBe(0);
    const written = JSON.parse(fs.readFileSync(path.join(root, "dist", "b.json"), "utf8"));
    expect([written.runs, written.affected.layer, written.affected.projects]).toEqual([1, "data", ["data"]]);
    expect(written.freshTest.loadAtStart[0]).toBe(Math.round(os.loadavg()[0] * 100) / 100);
  });
});
