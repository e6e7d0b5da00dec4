import * as fs from "node:fs";
import * as path from "node:path";
import { LAYERS } from "@fin/config";
import { layerPlan, type Environment, type Plan } from "@fin/plan";
import { diffEnvironments } from "@fin/plan";
import { Finding, PLAN_DIFF_USAGE, costDelta, evaluateEnvironment, planDiffCli, policyDelta, priceEnvironment, renderPlanDiff } from "../src/plan-diff";
import { FAKE_SYNTH, extraWorktrees, git, gitRepo, synthWorkingTree, writeFiles } from "@fin/testing";

const KEY = "arn:aws:kms:us-east-2:123456789012:key/1111aaaa-0000-0000-0000-000000000001";
const urn = (layer: string, type: string, name: string) => `urn:pulumi:dev::fin-${layer}::${type}::${name}`;

/** One layer's plan: the stack, its AWS provider and the given resources ([type, name, inputs]). */
function layerFile(layer: string, resources: [string, string, Record<string, unknown>][]): string {
  const stack = { op: "create", urn: urn(layer, "pulumi:pulumi:Stack", `fin-${layer}-dev`), newState: { type: "pulumi:pulumi:Stack", custom: false, inputs: {} } };
  const provider = { op: "create", urn: urn(layer, "pulumi:providers:aws", "aws"), newState: { type: "pulumi:providers:aws", custom: true, id: "p", inputs: { region: "us-east-2" } } };
  const steps = resources.map(([type, name, inputs]) => ({ op: "create", urn: urn(layer, type, name), newState: { type, custom: true, id: `${name}-id`, inputs } }));
  return JSON.stringify({ plan: { steps: [stack, provider, ...steps] } });
}

const stream = (retentionPeriod: number) =>
  layerFile("data", [["aws:kinesis/stream:Stream", "market-data", { name: "market-data-dev", retentionPeriod, encryptionType: "KMS", kmsKeyId: KEY, streamModeDetails: { streamMode: "ON_DEMAND" } }]]);

const project = (dataPlan: string): Record<string, string> => ({
  "package.json": JSON.stringify({ name: "repo", workspaces: ["stacks/*"] }),
  "libs/plan/bin/synth.js": FAKE_SYNTH,
  ...Object.fromEntries(LAYERS.map((l) => [`stacks/${l}/plan.json`, l === "data" ? dataPlan : layerFile(l, [])])),
});

function run(root: string, ...argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  return planDiffCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l) }, root).then((code) => ({ code, out, err }));
}

/** A repository whose HEAD changes one input (the stream's retention, 24 h -> 48 h), synthesized at HEAD. */
function changedRepo(): string {
  const root = gitRepo(project(stream(24)), { "stacks/data/plan.json": stream(48) });
  synthWorkingTree(root, LAYERS);
  return root;
}

describe("plan:diff end to end, against a commit that changes one input", () => {
  it("prints the changed input old -> new, the cost before, after and delta, and removes the base worktree", async () => {
    const root = changedRepo();
    const sha = git(root, "rev-parse", "--short=7", "HEAD~1");
    const { code, out, err } = await run(root, "--base=HEAD~1");
    expect(err).toEqual([]);
    expect(code).toBe(0);
    expect(out).toEqual([
      `plan diff dev: base HEAD~1 (${sha}) -> working tree`,
      "  1 of 4 layers change",
      "  cost $37.20 -> $37.36 per month (+$0.16)",
      "  policies: 0 result(s) appeared, 0 went away",
      "",
      "security: no change",
      "",
      "network: no change",
      "",
      "data: 0 added, 0 removed, 1 changed",
      "  ~ aws:kinesis/stream:Stream market-data (market-data-dev) update in place",
      "      retentionPeriod: 24 -> 48",
      "  cost: $37.20 -> $37.36 per month (+$0.16)",
      "",
      "compute: no change",
    ]);
    expect(extraWorktrees(root)).toEqual([]);
  });

  it("says so when nothing changes", async () => {
    const root = changedRepo();
    const { code, out } = await run(root, "--base=HEAD");
    expect(code).toBe(0);
    expect(out.slice(1, 4)).toEqual(["  0 of 4 layers change", "  cost $37.36 -> $37.36 per month (±$0.00)", "  policies: 0 result(s) appeared, 0 went away"]);
    expect(out.filter((l) => l.endsWith(": no change"))).toEqual(["security: no change", "network: no change", "data: no change", "compute: no change"]);
  });

  it("prints a markdown comment for a pull request", async () => {
    const root = changedRepo();
    const sha = git(root, "rev-parse", "--short=7", "HEAD~1");
    const { code, out } = await run(root, "--base=HEAD~1", "--format=markdown", "--stack=dev");
    expect(code).toBe(0);
    expect(out).toEqual([
      `### plan diff dev: base HEAD~1 (${sha}) -> working tree`,
      "",
      "- 1 of 4 layers change",
      "- cost $37.20 -> $37.36 per month (+$0.16)",
      "- policies: 0 result(s) appeared, 0 went away",
      "",
      "#### security: no change",
      "",
      "#### network: no change",
      "",
      "#### data: 0 added, 0 removed, 1 changed",
      "",
      "- ~ `aws:kinesis/stream:Stream` **market-data (market-data-dev)** update in place",
      "  - `retentionPeriod`: `24 -> 48`",
      "- cost: $37.20 -> $37.36 per month (+$0.16)",
      "",
      "#### compute: no change",
    ]);
  });
});

describe("plan:diff bad input: one message naming the ref or file, and no half result", () => {
  it("refuses a base ref that does not exist", async () => {
    const root = changedRepo();
    const { code, out, err } = await run(root, "--base=no-such-ref");
    expect([code, out]).toEqual([1, []]);
    expect(err).toEqual([`plan:diff: base ref no-such-ref does not exist in ${root} (git rev-parse found no commit; in CI fetch it, e.g. actions/checkout with fetch-depth: 0)`]);
  });

  it("reports a base whose synth fails", async () => {
    const root = gitRepo(project(JSON.stringify({ fail: "fin-data:minCapacity is 9, above maxCapacity 4" })), { "stacks/data/plan.json": stream(24) });
    synthWorkingTree(root, LAYERS);
    const sha = git(root, "rev-parse", "--short=7", "HEAD~1");
    const { code, out, err } = await run(root, "--base=HEAD~1");
    expect([code, out]).toEqual([1, []]);
    expect(err).toEqual([`plan:diff: synth of data/dev at base ref HEAD~1 (${sha}) failed:\nfin-data:minCapacity is 9, above maxCapacity 4`]);
    expect(extraWorktrees(root)).toEqual([]);
  });

  it("names a base plan file that fails validation", async () => {
    const root = gitRepo(project(JSON.stringify({ plan: { steps: [{ op: "create" }] } })), { "stacks/data/plan.json": stream(24) });
    synthWorkingTree(root, LAYERS);
    const { code, out, err } = await run(root, "--base=HEAD~1");
    expect([code, out]).toEqual([1, []]);
    expect(err).toEqual(["plan:diff: base ref HEAD~1: dist/dev/data/preview.json is not a plan in the pulumi preview --json shape: steps[0].urn is undefined, expected a string"]);
    expect(extraWorktrees(root)).toEqual([]);
  });

  it("names a working-tree plan that is missing", async () => {
    const root = gitRepo(project(stream(24)));
    const { code, out, err } = await run(root, "--base=HEAD", "--stack=prod");
    expect([code, out]).toEqual([1, []]);
    expect(err).toEqual(["plan:diff: working tree: dist/prod/security/preview.json does not exist: run `npm run synth -- -c prod` first"]);
  });

  it("prints its usage on bad arguments", async () => {
    for (const argv of [[], ["--stack=dev"], ["--base=HEAD", "--format=html"], ["HEAD~1"]]) {
      expect(await run("/nonexistent", ...argv)).toEqual({ code: 2, out: [], err: [PLAN_DIFF_USAGE] });
    }
  });

  it("lets an unexpected failure through after removing the worktree", async () => {
    const root = changedRepo();
    writeFiles(root, { "dist/dev/data/preview.json": fs.readFileSync(path.join(root, "dist/dev/data/preview.json"), "utf8") });
    const broken = { out: () => { throw new Error("stdout closed"); }, err: () => undefined };
    await expect(planDiffCli(["--base=HEAD~1"], broken, root)).rejects.toThrow("stdout closed");
    expect(extraWorktrees(root)).toEqual([]);
  });
});

describe("the judges: one cost model and one policy evaluator for both plans", () => {
  const env = (streamInputs: Record<string, unknown>): Environment => ({
    stack: "dev",
    layers: LAYERS.map((l) => {
      const resources: [string, string, Record<string, unknown>][] =
        l === "data" ? [["aws:kinesis/stream:Stream", "s", streamInputs]] : l === "compute" ? [["pulumi:pulumi:StackReference", "organization/fin-data/dev", { name: "organization/fin-data/dev" }]] : [];
      const file = JSON.parse(layerFile(l, resources)) as { plan: Plan };
      return layerPlan(l, file.plan, { project: `fin-${l}`, stack: "dev" }, { layer: l });
    }),
  });

  it("shows a policy result that went away and one that appeared", async () => {
    const plain = await evaluateEnvironment(env({ name: "s", encryptionType: "NONE" }));
    const encrypted = await evaluateEnvironment(env({ name: "s", encryptionType: "KMS", kmsKeyId: KEY }));
    const delta = policyDelta(plain, encrypted);
    expect(delta.appeared).toEqual([]);
    expect(delta.wentAway.map((f) => [f.layer, f.policy, f.enforcementLevel, f.urn])).toEqual([["data", "stream-encrypted-with-customer-key", "mandatory", urn("data", "aws:kinesis/stream:Stream", "s")]]);
    expect(policyDelta(encrypted, plain).appeared.map((f) => f.policy)).toEqual(["stream-encrypted-with-customer-key"]);
  });

  it("prices both plans with the report's estimate, per layer and in total", () => {
    const rows = costDelta(priceEnvironment(env({ name: "s", shardCount: 1 })), priceEnvironment(env({ name: "s", shardCount: 2 })));
    expect(rows.map((r) => r.layer)).toEqual(["security", "network", "data", "compute", "total"]);
    const data = rows[2];
    expect(data.delta).toBe(Math.round((data.after - data.before) * 100) / 100);
    expect(data.delta).toBeGreaterThan(0);
    expect(rows[4]).toEqual({ layer: "total", before: data.before, after: data.after, delta: data.delta });
    expect(rows[0]).toEqual({ layer: "security", before: 0, after: 0, delta: 0 });
  });

  it("prices a plan without an AWS provider at the default region's prices", () => {
    const bare: Environment = { stack: "dev", layers: LAYERS.map((l) => layerPlan(l, { steps: [] }, { project: `fin-${l}`, stack: "dev" }, {})) };
    expect(priceEnvironment(bare).region).toBe("us-east-2");
  });
});

describe("renderPlanDiff", () => {
  const finding = (layer: Finding["layer"], policy: string, level: Finding["enforcementLevel"]): Finding => ({ layer, policy, enforcementLevel: level, urn: urn(layer, "aws:s3/bucket:Bucket", "raw"), message: `${policy} failed` });
  const layerOf = (l: string, resources: [string, string, Record<string, unknown>][]) => layerPlan(l as Finding["layer"], (JSON.parse(layerFile(l, resources)) as { plan: Plan }).plan, { project: `fin-${l}`, stack: "dev" }, {});
  const envOf = (bucket: string): Environment => ({ stack: "dev", layers: LAYERS.map((l) => layerOf(l, l === "data" ? [["aws:s3/bucket:Bucket", "raw", { bucket }]] : [])) });
  const report = {
    stack: "dev",
    base: "main",
    commit: "0123456789abcdef",
    diff: diffEnvironments(envOf("raw-dev"), envOf("raw-dev2")),
    cost: [
      { layer: "security" as const, before: 1, after: 1, delta: 0 },
      { layer: "network" as const, before: 1, after: 1, delta: 0 },
      { layer: "data" as const, before: 10, after: 7.5, delta: -2.5 },
      { layer: "compute" as const, before: 1, after: 1, delta: 0 },
      { layer: "total" as const, before: 13, after: 10.5, delta: -2.5 },
    ],
    policies: { appeared: [finding("data", "bucket-encrypted", "mandatory")], wentAway: [finding("data", "bucket-logged", "advisory")] },
  };

  it("prints the summary, the loud replacement, the cost saving and the policy results as text", () => {
    expect(renderPlanDiff(report, "text").slice(0, 14)).toEqual([
      "plan diff dev: base main (0123456) -> working tree",
      "  1 of 4 layers change, 1 stateful resource(s) replaced or deleted",
      "  cost $13.00 -> $10.50 per month (-$2.50)",
      "  policies: 1 result(s) appeared, 1 went away",
      "",
      "security: no change",
      "",
      "network: no change",
      "",
      "data: 0 added, 0 removed, 1 changed (1 replaced)",
      "  !! S3 bucket raw is REPLACED (physical name raw-dev -> raw-dev2): a new, empty bucket is created; the old one must be emptied to be deleted",
      "  +- aws:s3/bucket:Bucket raw (raw-dev2) REPLACE (forced by bucket; internal/service/s3/bucket.go@0070bcd)",
      '      bucket: "raw-dev" -> "raw-dev2" [forces replacement]',
      "  cost: $10.00 -> $7.50 per month (-$2.50)",
    ]);
    expect(renderPlanDiff(report, "text").slice(14, 18)).toEqual([
      `  + MANDATORY bucket-encrypted ${urn("data", "aws:s3/bucket:Bucket", "raw")}\n      bucket-encrypted failed`,
      `  - advisory bucket-logged ${urn("data", "aws:s3/bucket:Bucket", "raw")}\n      bucket-logged failed`,
      "",
      "compute: no change",
    ]);
  });

  it("prints the same as a markdown comment", () => {
    expect(renderPlanDiff(report, "markdown").slice(10)).toEqual([
      "#### data: 0 added, 0 removed, 1 changed (1 replaced)",
      "",
      "> [!CAUTION]",
      "> - **S3 bucket raw is REPLACED (physical name raw-dev -> raw-dev2): a new, empty bucket is created; the old one must be emptied to be deleted**",
      "",
      "- +- `aws:s3/bucket:Bucket` **raw (raw-dev2)** **REPLACE (forced by bucket; internal/service/s3/bucket.go@0070bcd)**",
      '  - `bucket`: `"raw-dev" -> "raw-dev2"` [forces replacement]',
      "- cost: $10.00 -> $7.50 per month (-$2.50)",
      "- + **MANDATORY** `bucket-encrypted` on `raw`: bucket-encrypted failed",
      "- - **advisory** `bucket-logged` on `raw`: bucket-logged failed",
      "",
      "#### compute: no change",
    ]);
  });
});
