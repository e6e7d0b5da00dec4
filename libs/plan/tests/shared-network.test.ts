import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { scratchDir } from "@fin/testing";
import { POLICY_CHECK_BIN, RunNode, SYNTH_BIN, guestHost, runNode, synthHost } from "../src";
import { synthCli } from "../src/synth-cli";

const GUEST_DIR = path.join(__dirname, "fixtures", "shared", "network");
const read = (file: string) => JSON.parse(fs.readFileSync(file, "utf8"));
const load = (entryPoint: string): unknown => {
  let exports: unknown;
  jest.isolateModules(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loading a program by path, as Pulumi does
    exports = require(entryPoint);
  });
  return exports;
};

describe("guestHost", () => {
  const network = (values: Record<string, string>) => ({ "fin-network:profile": "", "fin-network:sharedNetworkStack": "", ...values });

  it("is the host a guest network reads, and nothing for a host or another layer", () => {
    expect(guestHost("fin-network", "pr-1", network({}))).toBe("pr-shared");
    expect(guestHost("fin-network", "pr-1", network({ "fin-network:sharedNetworkStack": "pr-net" }))).toBe("pr-net");
    expect(guestHost("fin-network", "pr-shared", network({ "fin-network:profile": "ephemeral" }))).toBeUndefined();
    expect(guestHost("fin-network", "dev", network({}))).toBeUndefined();
    expect(guestHost("fin-data", "pr-1", network({}))).toBeUndefined();
  });

  it("leaves config that does not validate to the program, which reports every problem", () => {
    expect(guestHost("fin-network", "pr-1", network({ "fin-network:profile": "cheap" }))).toBeUndefined();
    expect(guestHost("fin-network", "pr-1", network({ "fin-network:sharedNetworkStack": "a/b" }))).toBeUndefined();
  });
});

/** A stand-in for `node <bin> ...`: records each call and, for a synth, writes the layer's plan files. */
function fakeRunner(fail?: { bin: string; code: number }) {
  const calls: Array<{ args: readonly string[]; cwd: string; suffix: string | undefined }> = [];
  const run: RunNode = async (args, cwd, env) => {
    calls.push({ args, cwd, suffix: env.ENVIRONMENT_SUFFIX });
    const bin = path.relative(cwd, args[0]);
    if (fail?.bin === bin) {
      return { code: fail.code, out: "partial\n", err: "  - something is invalid\n" };
    }
    if (bin === SYNTH_BIN) {
      const layer = path.basename(args[1]);
      const host = args[2].slice("--stack=".length);
      const dir = path.join(args[3].slice("--dist=".length), host, layer);
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, "synth.json"), JSON.stringify({ project: `fin-${layer}`, stack: host }));
      fs.writeFileSync(path.join(dir, "mock-outputs.json"), JSON.stringify({ vpcId: `vpc-of-${host}` }));
    }
    return { code: 0, out: `${bin} ${args.slice(1).join(" ")}\n`, err: "" };
  };
  return { calls, run };
}

describe("synthHost", () => {
  it("synthesizes and policy-checks the host's security, then its network, without the guest's ENVIRONMENT_SUFFIX", async () => {
    const { calls, run } = fakeRunner();
    const out: string[] = [];
    const root = "/ws";
    const dist = scratchDir("host-");
    const failure = await synthHost({
      guestStack: "pr-7",
      host: "pr-shared",
      stackDir: "/ws/stacks/network",
      distRoot: dist,
      root,
      run,
      env: { ENVIRONMENT_SUFFIX: "pr-7", PATH: "/bin" },
      out: (l) => out.push(l),
    });
    expect(failure).toBeUndefined();
    const shown = path.relative(root, dist);
    expect(calls.map((c) => [c.args.map((a) => a.replace("/ws/", "").replace(shown, "<dist>").replace(dist, "<dist>")).join(" "), c.cwd, c.suffix])).toEqual([
      [`${SYNTH_BIN} stacks/security --stack=pr-shared --dist=<dist> --as-host --check=${POLICY_CHECK_BIN}`, root, undefined],
      [`${SYNTH_BIN} stacks/network --stack=pr-shared --dist=<dist> --as-host --check=${POLICY_CHECK_BIN}`, root, undefined],
    ]);
    expect(out).toHaveLength(2);
  });

  it("stops at the first failing step and names the layer, the host, the guest and what the step printed on stderr", async () => {
    const { calls, run } = fakeRunner({ bin: SYNTH_BIN, code: 1 });
    const out: string[] = [];
    const failure = await synthHost({
      guestStack: "pr-7",
      host: "pr-shared",
      stackDir: "/ws/stacks/network",
      distRoot: scratchDir("host-"),
      root: "/ws",
      run,
      env: {},
      out: (l) => out.push(l),
    });
    expect(failure).toBe("security/pr-shared, which network/pr-7 reads, failed (synth.js exited 1):\n- something is invalid");
    expect(calls).toHaveLength(1);
    expect(out.at(-1)).toBe("partial");
  });
});

describe("runNode", () => {
  const cwd = os.tmpdir();

  it("runs node in a child process and hands back its exit code and output", async () => {
    expect(await runNode(["-e", "console.log(process.cwd() === require('node:fs').realpathSync(process.env.WHERE)); console.error('e'); process.exit(3)"], cwd, { WHERE: cwd })).toEqual({
      code: 3,
      out: "true\n",
      err: "e\n",
    });
  });

  it("reports a child killed by a signal as a failure", async () => {
    expect((await runNode(["-e", "process.kill(process.pid, 'SIGKILL')"], cwd, {})).code).toBe(1);
  });
});

describe("synthCli of a guest network", () => {
  const io = () => {
    const lines = { out: [] as string[], err: [] as string[] };
    return { lines, io: { out: (l: string) => lines.out.push(l), err: (l: string) => lines.err.push(l) } };
  };
  const root = path.dirname(path.dirname(GUEST_DIR));

  it("synthesizes the host's layers first and resolves the guest's StackReference from the host's outputs", async () => {
    const dist = scratchDir("guest-");
    const { calls, run } = fakeRunner();
    const { lines, io: sink } = io();
    const code = await synthCli([GUEST_DIR, "--stack=pr-1", `--dist=${dist}`], load, sink, root, { run, env: { ENVIRONMENT_SUFFIX: "pr-1" } });
    expect(lines.err).toEqual([]);
    expect(code).toBe(0);
    expect(lines.out[0]).toBe("network/pr-1 is a guest of pr-shared's network (ADR 0019): synthesizing pr-shared's security and network first");
    expect(calls.map((c) => path.relative(root, c.args[0]))).toEqual([SYNTH_BIN, SYNTH_BIN]);
    expect(read(path.join(dist, "pr-1", "network", "mock-outputs.json"))).toEqual({ vpcId: "vpc-of-pr-shared" });
    const plan = read(path.join(dist, "pr-1", "network", "preview.json"));
    expect(plan.steps.map((s: { op: string; newState: { type: string; inputs: { name?: string } } }) => [s.op, s.newState.type, s.newState.inputs.name])).toEqual([
      ["create", "pulumi:pulumi:Stack", undefined],
      ["read", "pulumi:pulumi:StackReference", "organization/fin-network/pr-shared"],
    ]);
  });

  it("synthesizes a host without a host of its own", async () => {
    const dist = scratchDir("guest-");
    const { calls, run } = fakeRunner();
    const { io: sink } = io();
    expect(await synthCli([GUEST_DIR, "--stack=pr-shared", `--dist=${dist}`, "--as-host"], load, sink, root, { run, env: {} })).toBe(0);
    expect(calls).toEqual([]);
    expect(read(path.join(dist, "pr-shared", "network", "mock-outputs.json"))).toEqual({ vpcId: "vpc-pr-shared" });
  });

  it("refuses a host that is itself a guest, so a chain or a cycle of shared networks stops at once", async () => {
    const { run } = fakeRunner();
    const { lines, io: sink } = io();
    expect(await synthCli([GUEST_DIR, "--stack=pr-2", `--dist=${os.tmpdir()}`, "--as-host"], load, sink, root, { run, env: {} })).toBe(1);
    expect(lines.err).toEqual([
      "synth network/pr-2 failed, nothing was written:\n" +
        "pr-2 is a guest of pr-1 itself, but a stack other networks join must be a host (ADR 0019): give it the production profile, or make it its own sharedNetworkStack's default (pr-shared) with profile ephemeral",
    ]);
  });

  it("stops with the host's failure and writes nothing for the guest", async () => {
    const dist = scratchDir("guest-");
    const { run } = fakeRunner({ bin: SYNTH_BIN, code: 1 });
    const { lines, io: sink } = io();
    expect(await synthCli([GUEST_DIR, "--stack=pr-1", `--dist=${dist}`], load, sink, root, { run, env: {} })).toBe(1);
    expect(lines.err).toEqual(["synth network/pr-1 failed, nothing was written:\nsecurity/pr-shared, which network/pr-1 reads, failed (synth.js exited 1):\n- something is invalid"]);
    expect(fs.existsSync(path.join(dist, "pr-1"))).toBe(false);
  });
});
