import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { scratchDir } from "@fin/testing";

const ROOT = path.join(__dirname, "..", "..", "..");
const SYNTH = path.join(ROOT, "libs", "plan", "bin", "synth.js");

// The synth CLI registers ts-node the way Pulumi's nodejs runtime does and requires Pulumi.yaml's
// main: if this stack only resolved its libs through tsconfig paths, this would fail to load.
describe("the security program loaded as `pulumi up` loads it", () => {
  const env = { ...process.env, ENVIRONMENT_SUFFIX: undefined };

  it("synthesizes from its Pulumi.yaml main through the workspace packages", () => {
    const dist = scratchDir("security-synth-");
    const out = execFileSync("node", [SYNTH, "stacks/security", "--stack=staging", `--dist=${dist}`], { cwd: ROOT, env, encoding: "utf8" });
    expect(out.trim().split("\n")[0]).toBe(`security/staging: 11 resources (11 create) -> ${path.relative(ROOT, path.join(dist, "staging", "security"))}/preview.json, mock-outputs.json`);
    const outputs = JSON.parse(fs.readFileSync(path.join(dist, "staging", "security", "mock-outputs.json"), "utf8"));
    expect(outputs.storageKeyAlias).toBe("alias/storage-key-staging");
  });

  it("exits 1 with one message and writes nothing for a bad ENVIRONMENT_SUFFIX", () => {
    const dist = scratchDir("security-synth-");
    const run = spawnSync("node", [SYNTH, "stacks/security", `--dist=${dist}`], {
      cwd: ROOT,
      env: { ...env, ENVIRONMENT_SUFFIX: "Bad_Suffix!" },
      encoding: "utf8",
    });
    expect(run.status).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr.trim()).toBe(
      "synth security/dev failed, nothing was written:\n" +
        "fin-security/dev config has 1 issue:\n" +
        "  - ENVIRONMENT_SUFFIX 'Bad_Suffix!' differs from the stack config's environmentSuffix 'dev': a stack that names its suffix " +
        "keeps it (another suffix renames, so replaces, every named resource); unset ENVIRONMENT_SUFFIX, or use it only for a stack " +
        "whose config leaves environmentSuffix unset",
    );
    expect(fs.readdirSync(dist)).toEqual([]);
  });
});
