// The shared network of the ephemeral environments (ADR 0019) in the wrapper: a destroy of the host
// while guests still have their network stacks is refused, and the layers the shared network's
// environment does not have (data, compute) have nothing to run for it.
import fs from "node:fs";
import path from "node:path";
import { runCli } from "../src/cli";
import { PulumiCall } from "../src/commands";
import { Ask, checkSharedNetworkGuests, GuardContext, Refusal } from "../src/guards";
import { RunResult, Runner } from "../src/pulumi-cli";
import { Layer, readLayers, readStackSettings } from "../src/workspace";
import { copyStacks, tempWorkspace } from "./support/workspace";

let root: string;
let layers: Layer[];
const network = () => layers.find((l) => l.name === "network")!;
const data = () => layers.find((l) => l.name === "data")!;
beforeAll(() => {
  root = tempWorkspace();
  copyStacks(root);
  // A guest that names its own host, an environment ephemeral by its profile, one production by it.
  const stackFile = (name: string, config: string) => fs.writeFileSync(path.join(root, "stacks", "network", `Pulumi.${name}.yaml`), `config:\n${config}`);
  stackFile("pr-7", "  fin-network:sharedNetworkStack: team-net\n");
  stackFile("qa", "  fin-network:profile: ephemeral\n");
  stackFile("pr-8", "  fin-network:profile: production\n");
  layers = readLayers(root, "stacks/network").layers;
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const STACKS = JSON.stringify([
  { name: "pr-shared", resourceCount: 45 },
  { name: "dev", resourceCount: 45 },
  { name: "organization/fin-network/pr-1", resourceCount: 8 },
  { name: "pr-2", resourceCount: 0 },
  { name: "pr-3" },
  { name: "pr-7", resourceCount: 8 },
  { name: "pr-8", resourceCount: 45 },
  { name: "qa", resourceCount: 8 },
]);

function context(self: Layer, stack: string, answer: RunResult, options: { confirmed?: boolean; warn?: (l: string) => void } = {}) {
  const asked: string[] = [];
  const ask: Ask = (layer: Layer, call: PulumiCall) => {
    asked.push(`${layer.name} ${call.args.join(" ")}`);
    return answer;
  };
  const ctx: GuardContext = {
    invocation: { command: "destroy", projectRoot: self.root, stack, confirmed: options.confirmed ?? false, flags: [] },
    self,
    layers,
    settings: readStackSettings(root, self, stack),
    flags: [],
    env: {},
    ask,
    warn: options.warn ?? (() => undefined),
  };
  return { ctx, asked };
}

const refusal = (run: () => unknown): string => {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(Refusal);
    return (error as Error).message;
  }
  throw new Error("expected a Refusal");
};

describe("checkSharedNetworkGuests", () => {
  it("refuses to destroy pr-shared while a guest's network stack has resources, naming each live guest and how to proceed", () => {
    const { ctx, asked } = context(network(), "pr-shared", { status: 0, stdout: STACKS });
    expect(refusal(() => checkSharedNetworkGuests(ctx)).split("\n")).toEqual([
      "refused: destroy of fin-network, stack pr-shared (stacks/network) while environments whose network is its guest still have resources",
      "  why: their security groups, tasks and databases sit in pr-shared's VPC; the destroy would delete its endpoints and then fail on its subnets:",
      "    - fin-network/pr-1: 8 resources",
      "    - fin-network/qa: 8 resources",
      "  to tear down the guests first: npx nx run-many -t destroy --stack=<each guest above>",
      "  to proceed anyway: npx nx run network:destroy --stack=pr-shared --confirm=pr-shared",
    ]);
    // pr-2 and pr-3 have nothing left; pr-7 is another host's guest; pr-8 and dev are production networks.
    expect(asked).toEqual(["network stack ls --json --non-interactive"]);
  });

  it("lets the destroy run when no guest has resources left", () => {
    const { ctx } = context(network(), "pr-shared", { status: 0, stdout: JSON.stringify([{ name: "pr-shared", resourceCount: 45 }, { name: "pr-1", resourceCount: 0 }]) });
    expect(checkSharedNetworkGuests(ctx)).toBeUndefined();
  });

  it("warns instead of refusing with --confirm", () => {
    const warnings: string[] = [];
    const { ctx } = context(network(), "pr-shared", { status: 0, stdout: STACKS }, { confirmed: true, warn: (l) => warnings.push(l) });
    checkSharedNetworkGuests(ctx);
    expect(warnings).toEqual([
      "warning: destroying the shared network pr-shared while a guest environment is live: fin-network/pr-1: 8 resources",
      "warning: destroying the shared network pr-shared while a guest environment is live: fin-network/qa: 8 resources",
    ]);
  });

  it("refuses when the stacks cannot be listed: a guest it cannot see may be live", () => {
    const { ctx } = context(network(), "pr-shared", { status: 255, stdout: "" });
    expect(refusal(() => checkSharedNetworkGuests(ctx))).toContain("    - could not tell: pulumi stack ls --json exited 255\n");
  });

  it("asks about a host a committed stack file names, and counts only that host's guests", () => {
    const { ctx, asked } = context(network(), "team-net", { status: 0, stdout: STACKS });
    expect(refusal(() => checkSharedNetworkGuests(ctx))).toContain("\n    - fin-network/pr-7: 8 resources\n  to tear down");
    expect(asked).toEqual(["network stack ls --json --non-interactive"]);
  });

  it("asks nothing for a network no guest can name, for another command, or for a layer without the key", () => {
    const dev = context(network(), "dev", { status: 0, stdout: STACKS });
    checkSharedNetworkGuests(dev.ctx);
    const deploy = context(network(), "pr-shared", { status: 0, stdout: STACKS });
    checkSharedNetworkGuests({ ...deploy.ctx, invocation: { ...deploy.ctx.invocation, command: "deploy" } });
    const dataLayer = context(data(), "pr-shared", { status: 0, stdout: STACKS });
    checkSharedNetworkGuests(dataLayer.ctx);
    expect([dev.asked, deploy.asked, dataLayer.asked]).toEqual([[], [], []]);
  });
});

describe("runCli for the shared network's environment", () => {
  const run = (argv: string[]) => {
    const calls: string[] = [];
    // data and compute have no stacks; the network layer's list is STACKS.
    const runner: Runner = (_file, args, options) => {
      calls.push(`${path.basename(options.cwd)}: ${args.join(" ")}`);
      return { status: 0, stdout: path.basename(options.cwd) === "network" ? STACKS : "[]" };
    };
    const out: string[] = [];
    const err: string[] = [];
    const status = runCli(argv, { workspaceRoot: root, env: { PATH: "/usr/bin" }, out: (l) => out.push(l), err: (l) => err.push(l), runner, resolve: () => "/opt/pulumi/bin/pulumi" });
    return { status, out, err, calls };
  };

  it("runs nothing in a layer pr-shared does not have, so a run-many over it or a network destroy's dependsOn succeeds", () => {
    expect(run(["destroy", "stacks/data", "--stack=pr-shared"])).toEqual({
      status: 0,
      out: ["stacks/data: stack pr-shared is the network the ephemeral environments share and has no data layer (ADR 0019): nothing to destroy"],
      err: [],
      calls: [],
    });
  });

  it("exits 3 (refused) on a destroy of pr-shared's network with live guests, before any destroy runs", () => {
    const result = run(["destroy", "stacks/network", "--stack=pr-shared"]);
    expect(result.status).toBe(3);
    // The dependents' stacks first (checkDependents: none has pr-shared), then the network's own list.
    expect(result.calls).toEqual(["data: stack ls --json --non-interactive", "compute: stack ls --json --non-interactive", "network: stack ls --json --non-interactive"]);
    expect(result.err[0].split("\n")[0]).toBe("refused: destroy of fin-network, stack pr-shared (stacks/network) while environments whose network is its guest still have resources");
  });
});
