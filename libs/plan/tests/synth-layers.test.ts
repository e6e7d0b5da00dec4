import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { scratchDir } from "@fin/testing";

// bin/synth.js's synthLayer, as the synth target's executor calls it: several layers in one Node process,
// each isolated. It runs under plain Node, in a process of its own (Jest has its own module registry).
const ROOT = path.join(__dirname, "..", "..", "..");
const SYNTH = path.join(ROOT, "libs", "plan", "bin", "synth.js");
const FIXTURES = path.relative(ROOT, path.join(__dirname, "fixtures", "isolation"));
// No colour settings either: Node warns on stderr when NO_COLOR and FORCE_COLOR (set by Nx) are both set.
const env = { ...process.env, ENVIRONMENT_SUFFIX: undefined, FORCE_COLOR: undefined, NO_COLOR: undefined };

interface OneProcess {
  codes: number[];
  pid: number;
  /** After each layer: the process's exit listeners, and the synth CLI modules bin/synth.js still holds. */
  exitListeners: number[];
  heldCliModules: number[];
  stdout: string;
}

/** Synthesizes the fixture layers one after another in one process: exit codes, pid, what it holds on to. */
function inOneProcess(layers: readonly string[], dist: string): OneProcess {
  const script = `const { synthLayer } = require(${JSON.stringify(SYNTH)});
const held = () => require.cache[${JSON.stringify(SYNTH)}].children.filter((m) => m.id.endsWith("synth-cli.ts")).length;
(async () => {
  const codes = [], exitListeners = [], heldCliModules = [];
  for (const layer of ${JSON.stringify(layers)}) {
    codes.push(await synthLayer(process.cwd(), [${JSON.stringify(FIXTURES)} + "/" + layer, "--stack=dev", "--dist=${dist}"]));
    exitListeners.push(process.listenerCount("exit"));
    heldCliModules.push(held());
  }
  console.log(JSON.stringify({ codes, pid: process.pid, exitListeners, heldCliModules }));
})();`;
  const run = spawnSync(process.execPath, ["-e", script], { cwd: ROOT, env, encoding: "utf8" });
  expect(run.stderr).toBe("");
  const lines = run.stdout.trim().split("\n");
  return { ...JSON.parse(lines.at(-1) as string), stdout: lines.slice(0, -1).join("\n") };
}

const read = (dist: string, layer: string, file: string) => JSON.parse(fs.readFileSync(path.join(dist, "dev", layer, file), "utf8"));
const tmp = () => scratchDir("synth-layers-");

describe("synthLayer: the layers of a run in one process", () => {
  const dist = tmp();
  let run: OneProcess;
  beforeAll(() => {
    run = inOneProcess(["first", "second", "own-settings"], dist);
  });

  it("synthesizes each layer, printing what the synth command prints", () => {
    expect(run.codes).toEqual([0, 0, 0]);
    const shown = path.relative(ROOT, path.join(dist, "dev"));
    expect(run.stdout.split("\n")).toEqual([
      `first/dev: 2 resources (2 create) -> ${shown}/first/preview.json, mock-outputs.json`,
      "  1 fin:test:fin-first",
      "  1 pulumi:pulumi:Stack",
      `second/dev: 2 resources (2 create) -> ${shown}/second/preview.json, mock-outputs.json`,
      "  1 fin:test:fin-second",
      "  1 pulumi:pulumi:Stack",
      `own-settings/dev: 2 resources (2 create) -> ${shown}/own-settings/preview.json, mock-outputs.json`,
      "  1 fin:test:fin-own-settings",
      "  1 pulumi:pulumi:Stack",
    ]);
  });

  it("gives each layer its own modules and config: the second counts 1 on the shared counter, and does not see the first's greeting", () => {
    expect(read(dist, "first", "mock-outputs.json")).toEqual({ count: 1, greeting: "one", pid: run.pid });
    expect(read(dist, "second", "mock-outputs.json")).toEqual({ count: 1, greeting: "none", pid: run.pid });
  });

  it("lets go of the layer before: its modules and the exit listeners they added (Pulumi's leak report), so memory stays flat", () => {
    // One each for the layer that just ran here; none once the last layer ran in a child process.
    expect(run.exitListeners).toEqual([1, 1, 0]);
    expect(run.heldCliModules).toEqual([1, 1, 0]);
  });

  it("records only the layer's own resources in its plan", () => {
    expect(read(dist, "second", "preview.json").steps.map((s: { urn: string }) => s.urn)).toEqual([
      "urn:pulumi:dev::fin-second::pulumi:pulumi:Stack::fin-second-dev",
      "urn:pulumi:dev::fin-second::pulumi:pulumi:Stack$fin:test:fin-second::thing",
    ]);
  });

  it("runs a layer whose ts-node settings differ from the process's (its tsconfig.json) in a child process of its own", () => {
    const outputs = read(dist, "own-settings", "mock-outputs.json");
    expect(outputs).toEqual({ count: 1, greeting: "none", pid: expect.any(Number) });
    expect(outputs.pid).not.toBe(run.pid);
  });

  it("writes the same plans for a layer that ran after another as the synth command does in a process of its own", () => {
    const alone = tmp();
    const command = spawnSync(process.execPath, [SYNTH, `${FIXTURES}/second`, "--stack=dev", `--dist=${alone}`], { cwd: ROOT, env, encoding: "utf8" });
    expect(command.status).toBe(0);
    for (const file of ["preview.json", "synth.json"]) {
      expect(fs.readFileSync(path.join(dist, "dev", "second", file), "utf8")).toBe(fs.readFileSync(path.join(alone, "dev", "second", file), "utf8"));
    }
    const withoutPid = (outputs: Record<string, unknown>) => Object.fromEntries(Object.entries(outputs).filter(([key]) => key !== "pid"));
    expect(withoutPid(read(dist, "second", "mock-outputs.json"))).toEqual(withoutPid(read(alone, "second", "mock-outputs.json")));
  });
});
