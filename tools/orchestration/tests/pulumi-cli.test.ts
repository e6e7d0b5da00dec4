import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { UsageError } from "../src/flags";
import { isExecutableFile, pulumiEnv, resolvePulumi, spawnRunner } from "../src/pulumi-cli";

const FAKE_PULUMI = path.join(__dirname, "support", "fake-pulumi");

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "orch-cli-"));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function script(name: string, body: string, mode = 0o755): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, `#!/usr/bin/env bash\n${body}\n`, { mode });
  return file;
}

describe("isExecutableFile", () => {
  it("is true only for an existing executable regular file", () => {
    expect(isExecutableFile(script("run", "true"))).toBe(true);
    expect(isExecutableFile(script("plain", "true", 0o644))).toBe(false);
    expect(isExecutableFile(dir)).toBe(false);
    expect(isExecutableFile(path.join(dir, "missing"))).toBe(false);
  });
});

describe("resolvePulumi", () => {
  const executables = (...files: string[]) => (file: string) => files.includes(file);

  it("takes the first pulumi on PATH, skipping empty entries", () => {
    const env = { PATH: ["", "/opt/a", "/opt/b"].join(path.delimiter) };
    expect(resolvePulumi(env, "/ws", executables("/opt/b/pulumi", "/opt/a/pulumi"))).toBe("/opt/a/pulumi");
  });

  it("prefers PATH over the workspace's npm-installed CLI", () => {
    expect(resolvePulumi({ PATH: "/usr/bin" }, "/ws", executables("/usr/bin/pulumi", "/ws/node_modules/.bin/pulumi"))).toBe(
      "/usr/bin/pulumi",
    );
  });

  it("falls back to node_modules/.bin/pulumi (the `pulumi` npm package)", () => {
    expect(resolvePulumi({ PATH: "/usr/bin" }, "/ws", executables("/ws/node_modules/.bin/pulumi"))).toBe(
      "/ws/node_modules/.bin/pulumi",
    );
    expect(resolvePulumi({}, "/ws", executables("/ws/node_modules/.bin/pulumi"))).toBe("/ws/node_modules/.bin/pulumi");
  });

  it("says how to install the CLI when there is none", () => {
    expect(() => resolvePulumi({ PATH: "/usr/bin" }, "/ws", executables())).toThrow(
      new UsageError(
        "pulumi CLI not found on PATH nor in node_modules/.bin: install it (https://www.pulumi.com/docs/install/) " +
          "or add the `pulumi` npm package at the version of @pulumi/pulumi (see docs/deploy.md)",
      ),
    );
  });

  it("checks real files by default", () => {
    fs.copyFileSync(FAKE_PULUMI, path.join(dir, "pulumi"));
    fs.chmodSync(path.join(dir, "pulumi"), 0o755);
    expect(resolvePulumi({ PATH: dir }, "/nonexistent")).toBe(path.join(dir, "pulumi"));
  });
});

describe("pulumiEnv", () => {
  it("adds transpile-only and no update check to the caller's environment, overriding them", () => {
    expect(pulumiEnv({ HOME: "/home/ci", PULUMI_NODEJS_TRANSPILE_ONLY: "false", ENVIRONMENT_SUFFIX: "pr-9" })).toEqual({
      HOME: "/home/ci",
      PULUMI_NODEJS_TRANSPILE_ONLY: "true",
      PULUMI_SKIP_UPDATE_CHECK: "true",
      ENVIRONMENT_SUFFIX: "pr-9",
    });
  });
});

describe("spawnRunner", () => {
  it("captures stdout when asked and runs in the given directory with the given environment", () => {
    const file = script("echo", 'printf "%s|%s|%s" "$PWD" "$GREETING" "$*"');
    const result = spawnRunner(file, ["a", "b"], { cwd: dir, env: { GREETING: "hi" }, capture: true });
    expect(result).toEqual({ status: 0, stdout: `${fs.realpathSync(dir)}|hi|a b` });
  });

  it("passes stdout through otherwise and returns the exit status unchanged", () => {
    const file = script("fail", "exit 7");
    expect(spawnRunner(file, [], { cwd: dir, env: {}, capture: false })).toEqual({ status: 7, stdout: "" });
  });

  it("reports a process ended by a signal as 128 + the signal number", () => {
    const file = script("killed", "kill -TERM $$");
    expect(spawnRunner(file, [], { cwd: dir, env: {}, capture: true }).status).toBe(128 + 15);
  });

  it("throws when the executable cannot be started", () => {
    const missing = path.join(dir, "missing");
    expect(() => spawnRunner(missing, [], { cwd: dir, env: {}, capture: false })).toThrow(
      `could not run ${missing}: spawnSync ${missing} ENOENT`,
    );
  });
});
