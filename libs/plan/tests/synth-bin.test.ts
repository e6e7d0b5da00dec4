import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { scratchDir } from "@fin/testing";

// bin/synth.js as the synth target runs it, in a process of its own: `--check=<module>` runs that
// module's checkPlan on the plan just written, in the same process, and its code is synth's.
const ROOT = path.join(__dirname, "..", "..", "..");
const SYNTH = path.join(ROOT, "libs", "plan", "bin", "synth.js");
const SAMPLE = path.relative(ROOT, path.join(__dirname, "fixtures", "sample"));

// A check that records what it was given (and whether the plan was there yet) and exits 3.
const CHECK = `const fs = require("node:fs");
const path = require("node:path");
exports.checkPlan = async (argv, io, cwd) => {
  fs.writeFileSync(path.join(__dirname, "called.json"), JSON.stringify({ argv, cwd, planWritten: fs.existsSync(path.resolve(cwd, argv[0])) }));
  io.out("checked");
  return 3;
};
`;

function workspace(): { dist: string; check: string; called: string } {
  const dist = scratchDir("synth-bin-");
  fs.mkdirSync(path.join(dist, "dev", "upstream"), { recursive: true });
  fs.writeFileSync(path.join(dist, "dev", "upstream", "synth.json"), JSON.stringify({ project: "fin-upstream", stack: "dev" }));
  fs.writeFileSync(path.join(dist, "dev", "upstream", "mock-outputs.json"), JSON.stringify({ label: "up" }));
  fs.writeFileSync(path.join(dist, "check.js"), CHECK);
  return { dist, check: path.join(dist, "check.js"), called: path.join(dist, "called.json") };
}

const synth = (args: string[]) => spawnSync(process.execPath, [SYNTH, SAMPLE, ...args], { cwd: ROOT, encoding: "utf8", env: { ...process.env, ENVIRONMENT_SUFFIX: undefined } });

describe("synth.js --check", () => {
  it("runs the check on the written plan, naming the layer's preview.json and policy.json, and exits with its code", () => {
    const { dist, check, called } = workspace();
    const run = synth(["--stack=dev", `--dist=${dist}`, `--check=${check}`]);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(3);
    expect(run.stdout.trim().split("\n").at(-1)).toBe("checked");
    const layer = path.relative(ROOT, path.join(dist, "dev", "sample"));
    expect(JSON.parse(fs.readFileSync(called, "utf8"))).toEqual({
      argv: [path.join(layer, "preview.json"), "--out", path.join(layer, "policy.json")],
      cwd: ROOT,
      planWritten: true,
    });
  });

  it("does not run the check when synth fails, and exits with synth's code", () => {
    const { dist, check, called } = workspace();
    const run = synth(["--stack=qa", `--dist=${dist}`, `--check=${check}`]);
    expect(run.status).toBe(1);
    expect(run.stderr.split("\n")[0]).toBe("synth sample/qa failed, nothing was written:");
    expect(fs.existsSync(called)).toBe(false);
  });
});
