import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fixtureProject, scratchDir } from "@fin/testing";
import { synthesizedOutputs } from "../src";
import { synthStack, upstreamOutputs } from "../src/synth";
import { synthCli, synthTarget } from "../src/synth-cli";

const SAMPLE = path.join(__dirname, "fixtures", "sample");
const read = (file: string) => JSON.parse(fs.readFileSync(file, "utf8"));
// Each synth loads its program once per process; tests load it afresh each time, as a new process would.
const load = (entryPoint: string): unknown => {
  let exports: unknown;
  jest.isolateModules(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loading a program by path, as Pulumi does
    exports = require(entryPoint);
  });
  return exports;
};

/** A dist root whose `<stack>` environment holds a synthesized upstream layer and a half-written one. */
function distWithUpstream(label = "from-upstream", stack = "dev"): string {
  const dist = scratchDir("synth-");
  const env = path.join(dist, stack);
  fs.mkdirSync(path.join(env, "upstream"), { recursive: true });
  fs.writeFileSync(path.join(env, "upstream", "synth.json"), JSON.stringify({ project: "fin-upstream", stack }));
  fs.writeFileSync(path.join(env, "upstream", "mock-outputs.json"), JSON.stringify({ label }));
  fs.mkdirSync(path.join(env, "unrelated"));
  return dist;
}

describe("upstreamOutputs", () => {
  it("keys each synthesized layer's outputs by the StackReference name a consumer uses", () => {
    expect(upstreamOutputs(path.join(distWithUpstream(), "dev"), "acme")).toEqual({ "acme/fin-upstream/dev": { label: "from-upstream" } });
  });

  it("leaves out a layer whose outputs were not written", () => {
    const env = path.join(distWithUpstream(), "dev");
    fs.writeFileSync(path.join(env, "unrelated", "synth.json"), JSON.stringify({ project: "fin-half", stack: "dev" }));
    expect([...synthesizedOutputs(env).keys()]).toEqual(["fin-upstream/dev"]);
  });

  it("is empty before anything was synthesized", () => {
    expect(upstreamOutputs(path.join(os.tmpdir(), "does-not-exist-synth"), "organization")).toEqual({});
  });
});

describe("synthStack", () => {
  it("writes the plan, the resolved outputs and the metadata of one stack", async () => {
    const dist = distWithUpstream();
    const result = await synthStack({ stackDir: SAMPLE, stack: "dev", distRoot: dist, load });
    const outDir = path.join(dist, "dev", "sample");
    expect(result.outDir).toBe(outDir);
    expect(read(path.join(outDir, "mock-outputs.json"))).toEqual({ keyArn: result.outputs["keyArn"], count: 3 });
    const counts = {
      total: 4,
      byOperation: { create: 3, read: 1 },
      byType: { "pulumi:pulumi:Stack": 1, "pulumi:pulumi:StackReference": 1, "pulumi:providers:aws": 1, "aws:kms/key:Key": 1 },
    };
    expect(read(path.join(outDir, "synth.json"))).toEqual({ project: "fin-sample", stack: "dev", counts, offlineConfig: [] });

    const plan = read(path.join(outDir, "preview.json"));
    expect(plan.changeSummary).toEqual({ create: 3, read: 1 });
    expect(plan.steps.map((s: { op: string; newState: { type: string } }) => [s.op, s.newState.type])).toEqual([
      ["create", "pulumi:pulumi:Stack"],
      ["read", "pulumi:pulumi:StackReference"],
      ["create", "pulumi:providers:aws"],
      ["create", "aws:kms/key:Key"],
    ]);
    const key = plan.steps[3];
    expect(key.urn).toBe("urn:pulumi:dev::fin-sample::pulumi:pulumi:Stack$aws:kms/key:Key::sample");
    expect(key.newState).toMatchObject({
      custom: true,
      parent: "urn:pulumi:dev::fin-sample::pulumi:pulumi:Stack::fin-sample-dev",
      protect: false,
      retainOnDelete: false,
      inputs: { description: "hello from-upstream" },
    });
    expect(key.provider).toBe(key.newState.provider);
    expect(plan.steps[0].newState).not.toHaveProperty("id");
    expect(plan.steps[0]).not.toHaveProperty("provider");
  });

  it("writes nothing when the program stops on bad config, and removes a stale plan", async () => {
    const dist = distWithUpstream();
    const outDir = path.join(dist, "dev", "broken");
    fs.mkdirSync(outDir);
    for (const file of ["preview.json", "mock-outputs.json", "synth.json", "policy.json", "outputs.json"]) {
      fs.writeFileSync(path.join(outDir, file), "{}");
    }
    const stackDir = path.join(__dirname, "fixtures", "broken");
    await expect(synthStack({ stackDir, stack: "dev", distRoot: dist, load })).rejects.toThrow('fail "yes" is invalid: must not fail');
    // A deployed stack's outputs (written by deploy next to the plan) survive.
    expect(fs.readdirSync(outDir)).toEqual(["outputs.json"]);
  });
});

describe("synthStack before the program runs", () => {
  it("refuses a Pulumi.yaml the CLI would refuse, with the CLI's words and the file, and never loads the program", async () => {
    const { dir, root } = fixtureProject({ "Pulumi.yaml": "name: fin-bad\nruntime: nodejs\nconfig:\n  minCapacity:\n    type: number\n", "Pulumi.dev.yaml": "config: {}\n" });
    const dist = distWithUpstream();
    const loadProgram = jest.fn();
    await expect(synthStack({ stackDir: dir, stack: "dev", distRoot: dist, load: loadProgram, root })).rejects.toThrow(
      `could not validate 'proj/Pulumi.yaml': #/config/minCapacity/type: value must be one of "string", "integer", "boolean", "array", "object"`,
    );
    expect(loadProgram).not.toHaveBeenCalled();
    expect(fs.existsSync(path.join(dist, "dev", "proj"))).toBe(false);
  });
});

describe("synthTarget, the layer a synth command line names", () => {
  it("resolves the layer's directory, stack, dist root and output directory under the workspace", () => {
    expect(synthTarget(["stacks/data", "--stack=prod", "--dist=out", "--as-host"], "/w")).toEqual({
      stackDir: "/w/stacks/data",
      stack: "prod",
      distRoot: "/w/out",
      outDir: "/w/out/prod/data",
      asHost: true,
    });
  });

  it("defaults to the dev stack (an empty --stack= too) and dist under the workspace", () => {
    const dev = { stackDir: "/w/stacks/network", stack: "dev", distRoot: "/w/dist", outDir: "/w/dist/dev/network", asHost: false };
    expect(synthTarget(["stacks/network"], "/w")).toEqual(dev);
    expect(synthTarget(["--stack=", "stacks/network"], "/w")).toEqual(dev);
  });

  it("names no layer unless the command line gives exactly one directory", () => {
    expect(synthTarget(["--stack=dev"], "/w")).toBeUndefined();
    expect(synthTarget(["stacks/data", "stacks/compute"], "/w")).toBeUndefined();
  });
});

describe("synthCli", () => {
  const io = () => {
    const lines = { out: [] as string[], err: [] as string[] };
    return { lines, io: { out: (l: string) => lines.out.push(l), err: (l: string) => lines.err.push(l) } };
  };

  it("synthesizes the named stack and says where the plan went", async () => {
    const dist = distWithUpstream();
    const { lines, io: sink } = io();
    const code = await synthCli([path.relative(process.cwd(), SAMPLE), "--stack=dev", `--dist=${dist}`], load, sink, process.cwd());
    expect(code).toBe(0);
    expect(lines.out).toEqual([
      `sample/dev: 4 resources (3 create, 1 read) -> ${path.relative(process.cwd(), path.join(dist, "dev", "sample"))}/preview.json, mock-outputs.json`,
      "  1 aws:kms/key:Key",
      "  1 pulumi:providers:aws",
      "  1 pulumi:pulumi:Stack",
      "  1 pulumi:pulumi:StackReference",
    ]);
  });

  it("defaults to the dev stack and dist/dev under the workspace", async () => {
    const workspace = scratchDir("ws-");
    fs.renameSync(distWithUpstream("defaulted"), path.join(workspace, "dist"));
    const { lines, io: sink } = io();
    expect(await synthCli([SAMPLE], load, sink, workspace)).toBe(0);
    expect(read(path.join(workspace, "dist", "dev", "sample", "synth.json")).stack).toBe("dev");
    expect(lines.err).toEqual([]);
  });

  it("prints one clear failure and exits 1 when the CLI would refuse the stack", async () => {
    const { lines, io: sink } = io();
    expect(await synthCli([SAMPLE, "--stack=qa"], load, sink, path.dirname(SAMPLE))).toBe(1);
    expect(lines.err).toEqual([
      "synth sample/qa failed, nothing was written:\nfin-sample/qa config is not what the Pulumi CLI would load:\n" +
        "  - Stack 'qa' is missing configuration value 'greeting' (there is no sample/Pulumi.qa.yaml: create it with pulumi stack init qa, or pick dev, staging or prod)",
    ]);
  });

  it("runs an encrypted stack with its offline stand-ins and names them", async () => {
    const dist = distWithUpstream("from-upstream", "secret");
    const { lines, io: sink } = io();
    expect(await synthCli([SAMPLE, "--stack=secret", `--dist=${dist}`], load, sink, path.dirname(SAMPLE))).toBe(0);
    expect(lines.out.at(-1)).toBe(
      "  offline stand-ins from sample/offline/Pulumi.secret.yaml: fin-sample:greeting (the real CLI never reads this file; set them in Pulumi.secret.yaml to deploy)",
    );
    expect(read(path.join(dist, "secret", "sample", "synth.json")).offlineConfig).toEqual(["fin-sample:greeting"]);
    expect(read(path.join(dist, "secret", "sample", "preview.json")).steps[3].newState.inputs).toEqual({ description: "offline-hello from-upstream" });
  });

  it("explains its usage when the stack directory is missing", async () => {
    const { lines, io: sink } = io();
    expect(await synthCli(["--stack=dev"], load, sink, process.cwd())).toBe(2);
    expect(lines.err).toEqual(["usage: synth <stack-dir> [--stack=<name>] [--dist=<dir>]   (stack defaults to dev, dist to dist; writes <dist>/<stack>/<layer>/)"]);
  });
});
