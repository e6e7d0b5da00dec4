import fs from "node:fs";
import path from "node:path";
import { runCli, writeOutputs } from "../src/cli";
import { RunOptions, RunResult, Runner } from "../src/pulumi-cli";
import { copyStacks, tempWorkspace } from "./support/workspace";

interface Call {
  readonly file: string;
  readonly args: readonly string[];
  readonly options: RunOptions;
}

let workspace: string;
beforeEach(() => {
  workspace = tempWorkspace();
  copyStacks(workspace);
});
afterEach(() => fs.rmSync(workspace, { recursive: true, force: true }));

/**
 * A runner that records every call and answers from `results` in order, or by `<args>` from
 * `byArgs` (default: success, no output).
 */
function recordingRunner(results: RunResult[] = [], byArgs: Record<string, RunResult> = {}): { runner: Runner; calls: Call[] } {
  const calls: Call[] = [];
  const runner: Runner = (file, args, options) => {
    calls.push({ file, args, options });
    return byArgs[args.join(" ")] ?? results.shift() ?? { status: 0, stdout: "" };
  };
  return { runner, calls };
}

function run(argv: string[], runner: Runner, env: Record<string, string> = { PATH: "/usr/bin" }) {
  const out: string[] = [];
  const err: string[] = [];
  const status = runCli(argv, {
    workspaceRoot: workspace,
    env,
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    runner,
    resolve: () => "/opt/pulumi/bin/pulumi",
  });
  return { status, out, err };
}

describe("runCli audit", () => {
  const digest = (op: string) => JSON.stringify({ steps: [{ op, urn: "urn:pulumi:prod::fin-data::aws:s3/bucket:Bucket::lake-raw", diffReasons: op === "same" ? [] : ["tags"] }] });
  const auditRun = (results: RunResult[], env: Record<string, string> = { PATH: "/usr/bin" }) => {
    const { runner, calls } = recordingRunner(results);
    const out: string[] = [];
    const err: string[] = [];
    const status = runCli(["audit", "stacks/data", "--stack=prod", "--wait-seconds=30"], {
      workspaceRoot: workspace,
      env,
      out: (l) => out.push(l),
      err: (l) => err.push(l),
      runner,
      resolve: () => "/opt/pulumi/bin/pulumi",
      node: "/usr/bin/node",
      now: () => new Date("2026-12-01T06:00:00Z"),
    });
    return { status, out, err, calls, drift: JSON.parse(fs.readFileSync(path.join(workspace, "dist", "prod", "data", "drift.json"), "utf8")) };
  };

  it("runs the drift check in the layer, writes drift.json, then the live audit from the workspace root, without asking for --confirm on prod", () => {
    const result = auditRun([{ status: 0, stdout: digest("same") }, { status: 0, stdout: "" }]);
    expect(result.status).toBe(0);
    expect(result.calls.map((c) => [c.file, c.args.join(" "), c.options.cwd, c.options.capture])).toEqual([
      ["/opt/pulumi/bin/pulumi", "preview --expect-no-changes --refresh --json --stack prod --non-interactive", path.join(workspace, "stacks/data"), true],
      ["/usr/bin/node", "libs/verify/bin/audit.js stacks/data --stack=prod --wait-seconds=30", workspace, false],
    ]);
    expect(result.out).toEqual([
      "> (cd stacks/data && pulumi preview --expect-no-changes --refresh --json --stack prod --non-interactive)",
      "no drift in stacks/data (stack prod)",
      "wrote dist/prod/data/drift.json",
      "> node libs/verify/bin/audit.js stacks/data --stack=prod --wait-seconds=30",
    ]);
    expect(result.drift).toEqual({
      layer: "data",
      stack: "prod",
      command: "pulumi preview --expect-no-changes --refresh --json --stack prod --non-interactive",
      exitStatus: 0,
      checkedAt: "2026-12-01T06:00:00.000Z",
      status: "none",
      resources: [],
    });
  });

  it("exits 1 on drift or a failed preview when the live audit passed, and with the live audit's status when it failed", () => {
    const drifted = auditRun([{ status: 7, stdout: digest("update") }, { status: 0, stdout: "" }]);
    expect([drifted.status, drifted.drift.status]).toEqual([1, "drift"]);
    expect(drifted.err).toEqual(["drift in stacks/data (stack prod): 1 resources differ from the code:", "  - update: lake-raw  aws:s3/bucket:Bucket  [tags]"]);
    const failed = auditRun([{ status: 255, stdout: "" }, { status: 0, stdout: "" }]);
    expect([failed.status, failed.drift.status]).toEqual([1, "failed"]);
    expect(failed.err).toEqual(["pulumi preview exited 255 without a JSON plan (see its output above): the drift of data/prod is unknown"]);
    expect(auditRun([{ status: 0, stdout: digest("same") }, { status: 4, stdout: "" }]).status).toBe(4);
  });

  it("lists a drifted resource without properties plainly", () => {
    const result = auditRun([{ status: 7, stdout: JSON.stringify({ steps: [{ op: "delete", urn: "urn:pulumi:prod::fin-data::aws:s3/bucket:Bucket::old" }] }) }]);
    expect(result.err[1]).toBe("  - delete: old  aws:s3/bucket:Bucket");
  });

  it("runs the live audit with this node and stamps the drift check with the time now", () => {
    const { runner, calls } = recordingRunner([{ status: 0, stdout: digest("same") }]);
    const before = Date.now();
    expect(run(["audit", "stacks/data", "--stack=prod"], runner).status).toBe(0);
    expect(calls[1].file).toBe(process.execPath);
    const drift = JSON.parse(fs.readFileSync(path.join(workspace, "dist", "prod", "data", "drift.json"), "utf8"));
    expect(Date.parse(drift.checkedAt)).toBeGreaterThanOrEqual(before - 1000);
  });

  it("refuses a renaming ENVIRONMENT_SUFFIX, since its preview runs the program", () => {
    const { runner, calls } = recordingRunner();
    const result = run(["audit", "stacks/data", "--stack=prod"], runner, { PATH: "/usr/bin", ENVIRONMENT_SUFFIX: "other" });
    expect(result.status).toBe(3);
    expect(calls).toEqual([]);
  });
});

const outputsPath = (layer: string, stack: string) => path.join(workspace, "dist", stack, layer, "outputs.json");

describe("runCli", () => {
  it("prints each compute service's imageStatus after writing its outputs, sorted by name, so a waiting service shows", () => {
    const waiting = "waiting for image 123456789012.dkr.ecr.us-east-2.amazonaws.com/ingest-dev:1.0.0, 0 tasks";
    const services = { ingest: { imageStatus: waiting }, api: { imageStatus: "running x" }, odd: null, other: { imageStatus: 3 } };
    const { runner } = recordingRunner([{ status: 0, stdout: JSON.stringify({ clusterName: "c", services }) }]);
    expect(run(["outputs", "stacks/compute", "--stack=dev"], runner).out).toEqual([
      "> (cd stacks/compute && pulumi stack output --json --stack dev --non-interactive)",
      "wrote dist/dev/compute/outputs.json (2 outputs)",
      "imageStatus api: running x",
      `imageStatus ingest: ${waiting}`,
    ]);
  });

  it("deploys in the stack's directory, transpile-only, then writes the stack outputs file", () => {
    const { runner, calls } = recordingRunner([
      { status: 0, stdout: "" },
      { status: 0, stdout: '{"vpcId":"vpc-0abc","privateSubnetIds":["subnet-1","subnet-2"],"dbPassword":"[secret]"}' },
    ]);
    const result = run(["deploy", "stacks/network", "--stack=dev"], runner, { PATH: "/usr/bin", ENVIRONMENT_SUFFIX: "dev" });

    expect(result).toEqual({
      status: 0,
      out: [
        "> (cd stacks/network && pulumi up --yes --stack dev --non-interactive --policy-pack ../../libs/policies)",
        "> (cd stacks/network && pulumi stack output --json --stack dev --non-interactive)",
        "wrote dist/dev/network/outputs.json (3 outputs)",
      ],
      err: [],
    });
    expect(calls.map((c) => [c.file, c.args.join(" "), c.options.cwd, c.options.capture])).toEqual([
      [
        "/opt/pulumi/bin/pulumi",
        "up --yes --stack dev --non-interactive --policy-pack ../../libs/policies",
        path.join(workspace, "stacks/network"),
        false,
      ],
      ["/opt/pulumi/bin/pulumi", "stack output --json --stack dev --non-interactive", path.join(workspace, "stacks/network"), true],
    ]);
    expect(calls[0].options.env).toEqual({
      PATH: "/usr/bin",
      ENVIRONMENT_SUFFIX: "dev",
      PULUMI_NODEJS_TRANSPILE_ONLY: "true",
      PULUMI_SKIP_UPDATE_CHECK: "true",
    });
    expect(fs.readFileSync(outputsPath("network", "dev"), "utf8")).toBe(
      '{\n  "vpcId": "vpc-0abc",\n  "privateSubnetIds": [\n    "subnet-1",\n    "subnet-2"\n  ],\n  "dbPassword": "[secret]"\n}\n',
    );
    expect(fs.readdirSync(path.join(workspace, "dist", "dev", "network"))).toEqual(["outputs.json"]);
  });

  it("returns Pulumi's own exit status when `up` fails, and neither reads nor writes outputs", () => {
    const { runner, calls } = recordingRunner([{ status: 255, stdout: "" }]);
    const result = run(["deploy", "stacks/data", "--stack=staging"], runner);

    expect(result.status).toBe(255);
    expect(result.err).toEqual(["pulumi up failed for stacks/data (stack staging) with exit status 255"]);
    expect(calls).toHaveLength(1);
    expect(fs.existsSync(outputsPath("data", "staging"))).toBe(false);
  });

  it("keeps an existing outputs file when a later deploy fails", () => {
    fs.mkdirSync(path.dirname(outputsPath("data", "dev")), { recursive: true });
    fs.writeFileSync(outputsPath("data", "dev"), '{"old":true}\n');
    const { runner } = recordingRunner([{ status: 1, stdout: "" }]);
    expect(run(["deploy", "stacks/data", "--stack=dev"], runner).status).toBe(1);
    expect(fs.readFileSync(outputsPath("data", "dev"), "utf8")).toBe('{"old":true}\n');
  });

  it("runs destroy of the bottom layer alone, without writing outputs", () => {
    const { runner, calls } = recordingRunner();
    const result = run(["destroy", "stacks/compute", "--stack=pr-123"], runner);
    expect(result).toEqual({
      status: 0,
      out: ["> (cd stacks/compute && pulumi destroy --yes --stack pr-123 --non-interactive)"],
      err: [],
    });
    expect(calls).toHaveLength(1);
    expect(fs.existsSync(path.join(workspace, "dist"))).toBe(false);
  });

  it("asks each dependent layer before destroying, in its own directory", () => {
    const { runner, calls } = recordingRunner([{ status: 0, stdout: '[{"name":"pr-1","resourceCount":0}]' }]);
    const result = run(["destroy", "stacks/data", "--stack=pr-1"], runner);
    expect(result.status).toBe(0);
    expect(calls.map((c) => [c.args.join(" "), path.relative(workspace, c.options.cwd), c.options.capture])).toEqual([
      ["stack ls --json --non-interactive", "stacks/compute", true],
      ["destroy --yes --stack pr-1 --non-interactive", "stacks/data", false],
    ]);
  });

  it("refuses with status 3 and runs no destructive command", () => {
    const { runner, calls } = recordingRunner([], { "stack ls --json --non-interactive": { status: 0, stdout: '[{"name":"dev","resourceCount":4}]' } });
    const result = run(["destroy", "stacks/data", "--stack=dev"], runner);
    expect(result.status).toBe(3);
    expect(result.err[0]).toMatch(/^refused: destroy of fin-data, stack dev \(stacks\/data\) while layers that depend on it still have resources\n/);
    expect(calls.map((c) => c.args[0])).toEqual(["stack"]);
  });

  it("runs the plan check of a protected deploy and stops with its status when it fails", () => {
    const { runner, calls } = recordingRunner([{ status: 4, stdout: "" }]);
    const result = run(["deploy", "stacks/security", "--stack=prod"], runner);
    expect(result).toEqual({
      status: 4,
      out: ["> (cd stacks/security && pulumi preview --json --stack prod --non-interactive)"],
      err: ["pulumi preview --json failed for stacks/security (stack prod) with exit status 4: nothing was deployed"],
    });
    expect(calls).toHaveLength(1);
  });

  it("skips a layer that no --target names, without looking for Pulumi", () => {
    const err: string[] = [];
    const out: string[] = [];
    const status = runCli(["destroy", "stacks/data", "--stack=dev", "--target=urn:pulumi:dev::fin-compute::aws:ecs/service:Service::analytics"], {
      workspaceRoot: workspace,
      env: { PATH: workspace },
      out: (l) => out.push(l),
      err: (l) => err.push(l),
      runner: recordingRunner().runner,
    });
    expect([status, out, err]).toEqual([0, ["fin-data: nothing to do, every --target names a resource of fin-compute"], []]);
  });

  it("refreshes the outputs file from the outputs target", () => {
    const { runner } = recordingRunner([{ status: 0, stdout: '{"kmsKeyArn":"arn:aws:kms:us-east-2:123456789012:key/1"}' }]);
    expect(run(["outputs", "stacks/security", "--stack=staging"], runner).out).toEqual([
      "> (cd stacks/security && pulumi stack output --json --stack staging --non-interactive)",
      "wrote dist/staging/security/outputs.json (1 outputs)",
    ]);
    expect(JSON.parse(fs.readFileSync(outputsPath("security", "staging"), "utf8"))).toEqual({
      kmsKeyArn: "arn:aws:kms:us-east-2:123456789012:key/1",
    });
  });

  it("exits 2 on bad usage without running anything", () => {
    const { runner, calls } = recordingRunner();
    expect(run(["deploy", "stacks/data", "--stack="], runner)).toEqual({
      status: 2,
      out: [],
      err: ["no stack selected for deploy of stacks/data: pass -c dev|staging|prod, or --stack=<name> for an ephemeral environment"],
    });
    expect(run(["deploy", "stacks/nowhere", "--stack=dev"], runner).status).toBe(2);
    expect(calls).toHaveLength(0);
  });

  it("exits 2 when no Pulumi CLI can be found", () => {
    const err: string[] = [];
    const status = runCli(["preview", "stacks/data", "--stack=dev"], {
      workspaceRoot: workspace,
      env: { PATH: workspace },
      out: () => undefined,
      err: (l) => err.push(l),
      runner: recordingRunner().runner,
    });
    expect(status).toBe(2);
    expect(err[0]).toMatch(/^pulumi CLI not found on PATH nor in node_modules\/\.bin/);
  });

  it("exits 1 when `stack output --json` does not print a JSON object", () => {
    for (const [stdout, message] of [
      ["warning: not json", "pulumi stack output --json did not print JSON: warning: not json"],
      ["[1,2]", "pulumi stack output --json printed [1,2], expected an object"],
      ["null", "pulumi stack output --json printed null, expected an object"],
      ['"text"', 'pulumi stack output --json printed "text", expected an object'],
    ]) {
      const { runner } = recordingRunner([{ status: 0, stdout }]);
      expect(run(["outputs", "stacks/data", "--stack=dev"], runner)).toEqual({
        status: 1,
        out: ["> (cd stacks/data && pulumi stack output --json --stack dev --non-interactive)"],
        err: [message],
      });
    }
    expect(fs.existsSync(outputsPath("data", "dev"))).toBe(false);
  });

  it("exits 1 with the message when the runner throws anything", () => {
    const throwsString: Runner = () => {
      throw "spawn exploded";
    };
    expect(run(["refresh", "stacks/data", "--stack=dev"], throwsString)).toEqual({
      status: 1,
      out: ["> (cd stacks/data && pulumi refresh --yes --stack dev --non-interactive)"],
      err: ["spawn exploded"],
    });
  });

  it("finds and runs the real CLI on PATH by default", () => {
    const bin = path.join(workspace, "bin");
    fs.mkdirSync(bin);
    fs.copyFileSync(path.join(__dirname, "support", "fake-pulumi"), path.join(bin, "pulumi"));
    fs.chmodSync(path.join(bin, "pulumi"), 0o755);
    const log = path.join(workspace, "pulumi.log");
    const out: string[] = [];

    const status = runCli(["deploy", "stacks/data", "--stack=dev"], {
      workspaceRoot: workspace,
      env: { PATH: `${bin}${path.delimiter}${process.env.PATH}`, FAKE_PULUMI_LOG: log },
      out: (l) => out.push(l),
      err: (l) => out.push(l),
    });

    expect(status).toBe(0);
    expect(JSON.parse(fs.readFileSync(outputsPath("data", "dev"), "utf8"))).toEqual({ layer: "data", stack: "dev" });
    const started = fs
      .readFileSync(log, "utf8")
      .trim()
      .split("\n")
      .map((l) => l.split("\t"))
      .filter(([event]) => event === "start")
      .map(([, layer, , transpileOnly, args]) => [layer, transpileOnly, args]);
    expect(started).toEqual([
      ["data", "true", "up --yes --stack dev --non-interactive --policy-pack ../../libs/policies"],
      ["data", "true", "stack output --json --stack dev --non-interactive"],
    ]);
  });
});

describe("writeOutputs", () => {
  it("creates the directory and returns the number of outputs", () => {
    const file = path.join(workspace, "a", "b", "outputs.dev.json");
    expect(writeOutputs(file, "{}")).toBe(0);
    expect(fs.readFileSync(file, "utf8")).toBe("{}\n");
  });
});
