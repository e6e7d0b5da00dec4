// The real thing, end to end: `node libs/plan/bin/synth.js stacks/network --stack=pr-1` (what the
// network:synth target runs) synthesizes pr-shared's security and network first, with their policy
// check, and pr-1's guest network resolves its StackReference from pr-shared's outputs (ADR 0019).
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { scratchDir } from "@fin/testing";

const ROOT = path.resolve(__dirname, "..", "..", "..");
const read = (...parts: string[]) => JSON.parse(fs.readFileSync(path.join(...parts), "utf8"));

// Three program runs and two policy checks, each in its own process, on a shared machine.
jest.setTimeout(300_000);

describe("synth of a guest network (stacks/network --stack=pr-1)", () => {
  const dist = scratchDir("synth-pr-1-");
  let printed = "";

  beforeAll(() => {
    const env = { ...process.env, ENVIRONMENT_SUFFIX: "pr-1" };
    printed = execFileSync(process.execPath, ["libs/plan/bin/synth.js", "stacks/network", "--stack=pr-1", `--dist=${dist}`], { cwd: ROOT, env, encoding: "utf8" });
  });

  it("writes pr-shared's security and network plans, policy-checked, and pr-1's network plan", () => {
    expect(fs.readdirSync(dist).sort()).toEqual(["pr-1", "pr-shared"]);
    expect(fs.readdirSync(path.join(dist, "pr-shared")).sort()).toEqual(["network", "security"]);
    for (const layer of ["security", "network"]) {
      expect(fs.readdirSync(path.join(dist, "pr-shared", layer)).sort()).toEqual(["mock-outputs.json", "policy.json", "preview.json", "synth.json"]);
      expect(read(dist, "pr-shared", layer, "synth.json")).toMatchObject({ project: `fin-${layer}`, stack: "pr-shared" });
    }
    expect(read(dist, "pr-shared", "network", "synth.json").counts.byType).toMatchObject({ "aws:ec2/vpc:Vpc": 1, "aws:ec2/subnet:Subnet": 6, "aws:ec2/vpcEndpoint:VpcEndpoint": 7 });
    expect(printed.split("\n")[0]).toBe("network/pr-1 is a guest of pr-shared's network (ADR 0019): synthesizing pr-shared's security and network first");
    expect(printed).toContain("network/pr-1: 8 resources (7 create, 1 read)");
  });

  it("resolves pr-1's reference to pr-shared: its groups sit in pr-shared's VPC and it passes pr-shared's outputs on", () => {
    const host = read(dist, "pr-shared", "network", "mock-outputs.json");
    const guest = read(dist, "pr-1", "network", "mock-outputs.json");
    const plan = read(dist, "pr-1", "network", "preview.json");
    type Step = { op: string; newState: { type: string; id?: string; inputs: Record<string, unknown> } };
    const steps: Step[] = plan.steps;
    expect(steps.filter((s) => s.newState.type === "pulumi:pulumi:StackReference").map((s) => s.newState.inputs.name)).toEqual(["organization/fin-network/pr-shared"]);
    const groups = steps.filter((s) => s.newState.type === "aws:ec2/securityGroup:SecurityGroup");
    expect(groups.map((g) => [g.newState.inputs.name, g.newState.inputs.vpcId])).toEqual([
      ["alb-sg-pr-1", host.vpcId],
      ["database-sg-pr-1", host.vpcId],
    ]);
    // The mock engine derives an id from a resource's type and logical name, not its stack, so the
    // guest's and the host's `platform-alb` share a mock id: the physical names tell them apart.
    const own = ["albSecurityGroupId", "databaseSecurityGroupId"];
    const without = (outputs: Record<string, unknown>) => Object.fromEntries(Object.entries(outputs).filter(([key]) => !own.includes(key)));
    expect(without(guest)).toEqual(without(host));
    expect(Object.keys(guest).sort()).toEqual(Object.keys(host).sort());
    expect(own.map((key) => guest[key])).toEqual(groups.map((g) => g.newState.id));
    const hostGroups = (read(dist, "pr-shared", "network", "preview.json").steps as Step[]).filter((s) => s.newState.type === "aws:ec2/securityGroup:SecurityGroup");
    expect(hostGroups.map((g) => g.newState.inputs.name)).toEqual(["alb-sg-pr-shared", "database-sg-pr-shared", "task-sg-pr-shared", "endpoint-sg-pr-shared"]);
  });
});
