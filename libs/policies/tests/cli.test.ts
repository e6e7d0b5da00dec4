import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { CheckReport, USAGE, policyCheckCli, siblingStackOutputs } from "../src/cli";
import { plan, res, urnOf } from "./plan-builder";

const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";
const KEY = "aws:kms/key:Key";
const SUBNET = "aws:ec2/subnet:Subnet";
const LOGS_KEY = "arn:aws:kms:us-east-2:123456789012:key/logs";

let dir: string;
let out: string[];
let err: string[];
const io = { out: (line: string) => out.push(line), err: (line: string) => err.push(line) };

function writePlan(rel: string, steps: ReturnType<typeof res>[]): string {
  const file = path.join(dir, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(plan(...steps)));
  return file;
}

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "policy-check-"));
  out = [];
  err = [];
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The example: 14-day log groups, keys that do not rotate, subnets mapping public IPs. */
const nonCompliant = () => [
  res(LOG_GROUP, "app", { name: "/aws/ecs/app-dev", retentionInDays: 14, kmsKeyId: LOGS_KEY }),
  res(KEY, "logs", { enableKeyRotation: false, deletionWindowInDays: 7 }),
  res(SUBNET, "public-a", { mapPublicIpOnLaunch: true }),
];
const compliant = () => [
  res(LOG_GROUP, "app", { name: "/aws/ecs/app-dev", retentionInDays: 30, kmsKeyId: LOGS_KEY }),
  res(KEY, "logs", { enableKeyRotation: true, deletionWindowInDays: 7 }),
  res(SUBNET, "public-a", { mapPublicIpOnLaunch: false }),
];

describe("policy-check", () => {
  it("exits 1 on the issue's plan and names each violation with policy, URN and message", async () => {
    const file = writePlan("dist/dev/network/preview.json", nonCompliant());
    expect(await policyCheckCli([file], io, dir)).toBe(1);
    expect(out).toEqual([
      `MANDATORY log-group-retains-required-days  ${urnOf(LOG_GROUP, "app")}\n    retentionInDays is 14; the requirements fix it at exactly 30 days.`,
      `MANDATORY key-rotation-enabled  ${urnOf(KEY, "logs")}\n    enableKeyRotation is false; it must be true.`,
      `MANDATORY subnet-no-auto-public-ip  ${urnOf(SUBNET, "public-a")}\n    mapPublicIpOnLaunch is true; it must be false.`,
      `${file}: 5 resources (5 create), 3 mandatory and 0 advisory violations`,
    ]);
    expect(err).toEqual([]);
  });

  it("exits 0 on a compliant plan, prints advisories, and writes the results with --out", async () => {
    const file = writePlan("plans/preview.json", [...compliant(), res("aws:ecs/cluster:Cluster", "main", { name: "main-dev" })]);
    expect(await policyCheckCli(["plans/preview.json", "--out", "results/policy.json"], io, dir)).toBe(0);
    expect(out).toEqual([
      `advisory  cluster-container-insights-enabled  ${urnOf("aws:ecs/cluster:Cluster", "main")}\n    The containerInsights setting is unset; it must be "enabled" or "enhanced".`,
      "plans/preview.json: 6 resources (6 create), 0 mandatory and 1 advisory violations",
    ]);
    const report = JSON.parse(fs.readFileSync(path.join(dir, "results/policy.json"), "utf8")) as CheckReport;
    expect(report).toEqual({
      policyPack: "fin-platform",
      passed: true,
      plans: [
        {
          plan: "plans/preview.json",
          resources: 6,
          mandatory: 0,
          advisory: 1,
          violations: [
            {
              policy: "cluster-container-insights-enabled",
              enforcementLevel: "advisory",
              urn: urnOf("aws:ecs/cluster:Cluster", "main"),
              message: 'The containerInsights setting is unset; it must be "enabled" or "enhanced".',
            },
          ],
        },
      ],
    });
    expect(fs.existsSync(file)).toBe(true);
  });

  it("checks several plans, fails if any fails, and records each in --out=", async () => {
    const good = writePlan("a/preview.json", compliant());
    const bad = writePlan("b/preview.json", nonCompliant());
    expect(await policyCheckCli([good, bad, `--out=${path.join(dir, "all.json")}`], io, dir)).toBe(1);
    const report = JSON.parse(fs.readFileSync(path.join(dir, "all.json"), "utf8")) as CheckReport;
    expect(report.passed).toBe(false);
    expect(report.plans.map((p) => [p.plan, p.mandatory])).toEqual([
      [good, 0],
      [bad, 3],
    ]);
  });

  it.each([[[]], [["--out"]], [["--verbose", "x.json"]], [["--out", "r.json"]]])("prints usage and exits 2 for %j", async (argv) => {
    expect(await policyCheckCli(argv, io, dir)).toBe(2);
    expect(err).toEqual([USAGE]);
  });

  it("exits 2 naming a plan it cannot read", async () => {
    fs.writeFileSync(path.join(dir, "broken.json"), "{");
    expect(await policyCheckCli(["broken.json"], io, dir)).toBe(2);
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(/^policy-check: broken\.json is not valid JSON \(.+\): run `npm run synth -- -c <env>` first$/);
  });

  it("exits 2 with one message naming a file that is JSON but not a plan", async () => {
    fs.writeFileSync(path.join(dir, "other.json"), JSON.stringify({ steps: [{ op: "create" }] }));
    expect(await policyCheckCli(["other.json"], io, dir)).toBe(2);
    expect(err).toEqual(["policy-check: other.json is not a plan in the pulumi preview --json shape: steps[0].urn is undefined, expected a string"]);
  });
});

describe("siblingStackOutputs", () => {
  it("resolves StackReferences to the outputs synth wrote for the other layers, whatever the org", () => {
    const dist = path.join(dir, "dist", "dev");
    const layer = (name: string, meta: object | undefined, outputs: object | undefined) => {
      fs.mkdirSync(path.join(dist, name), { recursive: true });
      if (meta) fs.writeFileSync(path.join(dist, name, "synth.json"), JSON.stringify(meta));
      if (outputs) fs.writeFileSync(path.join(dist, name, "mock-outputs.json"), JSON.stringify(outputs));
    };
    layer("network", { project: "fin-network", stack: "dev", resources: 40 }, { privateSubnetIds: ["subnet-p1"] });
    layer("data", { project: "fin-data", stack: "dev" }, undefined);
    layer("compute", undefined, undefined);
    const resolve = siblingStackOutputs(path.join(dist, "compute", "preview.json"));
    expect(resolve("organization/fin-network/dev")).toEqual({ privateSubnetIds: ["subnet-p1"] });
    expect(resolve("acme/fin-network/dev")).toEqual({ privateSubnetIds: ["subnet-p1"] });
    expect(resolve("organization/fin-network/prod")).toBeUndefined();
    expect(resolve("organization/fin-data/dev")).toBeUndefined();
  });

  it("resolves a reference to another environment from its directory: a guest network's host (issue 18)", () => {
    const write = (stack: string, layer: string, outputs: object) => {
      const at = path.join(dir, "dist", stack, layer);
      fs.mkdirSync(at, { recursive: true });
      fs.writeFileSync(path.join(at, "synth.json"), JSON.stringify({ project: `fin-${layer}`, stack }));
      fs.writeFileSync(path.join(at, "mock-outputs.json"), JSON.stringify(outputs));
    };
    write("pr-shared", "network", { vpcId: "vpc-host" });
    write("pr-1", "security", { logsKeyArn: LOGS_KEY });
    const resolve = siblingStackOutputs(path.join(dir, "dist", "pr-1", "network", "preview.json"));
    expect(resolve("organization/fin-network/pr-shared")).toEqual({ vpcId: "vpc-host" });
    expect(resolve("organization/fin-security/pr-1")).toEqual({ logsKeyArn: LOGS_KEY });
    expect(resolve("organization/fin-network/pr-9")).toBeUndefined();
  });
});
