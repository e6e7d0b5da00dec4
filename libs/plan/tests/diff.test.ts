import { FORCE_NEW, STATEFUL, forcingReplacement } from "../src/force-new";
import { diffEnvironments, diffInputs, diffLayer, diffValues, layerCounts, renderLayerDiff, showValue, unchanged } from "../src/diff";
import { layerPlan } from "../src/read";
import type { Environment, LayerPlan, Plan, PlanStep } from "../src/model";

const urn = (type: string, name: string) => `urn:pulumi:dev::fin-data::pulumi:pulumi:Stack$${type}::${name}`;
const step = (type: string, name: string, inputs: Record<string, unknown>, op = "create"): PlanStep => ({
  op,
  urn: urn(type, name),
  newState: { urn: urn(type, name), type, custom: true, id: `${name}-id`, inputs },
});
const layer = (steps: PlanStep[]): LayerPlan => layerPlan("data", { steps } as Plan, { project: "fin-data", stack: "dev" }, {});

const CLUSTER = "aws:rds/cluster:Cluster";
const BUCKET = "aws:s3/bucket:Bucket";
const POLICY = "aws:s3/bucketPolicy:BucketPolicy";
const policyDoc = (actions: string[]) => JSON.stringify({ Version: "2012-10-17", Statement: [{ Sid: "Tls", Effect: "Deny", Action: actions }] });

const base = layer([
  step(CLUSTER, "analytics", { clusterIdentifier: "aurora-analytics-dev", engine: "aurora-postgresql", backupRetentionPeriod: 7 }),
  step(BUCKET, "raw", { bucket: "raw-dev" }),
  step(POLICY, "raw", { bucket: "raw-dev", policy: policyDoc(["s3:*"]) }),
  step("aws:kms/key:Key", "old", { description: "old key" }),
  step("aws:ec2/vpc:Vpc", "same", { cidrBlock: "10.0.0.0/16" }),
  step("aws:ec2/vpc:Vpc", "gone", { cidrBlock: "10.1.0.0/16" }, "delete"),
]);
const head = layer([
  step(CLUSTER, "analytics", { clusterIdentifier: "aurora-analytics-dev2", engine: "aurora-postgresql", backupRetentionPeriod: 14 }),
  step(BUCKET, "raw", { bucket: "raw-dev" }),
  step(POLICY, "raw", { bucket: "raw-dev", policy: policyDoc(["s3:GetObject", "s3:PutObject"]) }),
  step("aws:kinesis/stream:Stream", "market-data", { name: "market-data-dev" }),
  step("aws:ec2/vpc:Vpc", "same", { cidrBlock: "10.0.0.0/16" }),
  step("aws:ecs/service:Service", "api", { desiredCount: 2 }),
]);

describe("diffValues / diffInputs", () => {
  it("diffs JSON documents held as strings by key and index, not as strings", () => {
    expect(diffValues(policyDoc(["s3:*"]), policyDoc(["s3:GetObject", "s3:PutObject"]), "policy", "policy")).toEqual([
      { path: "policy.Statement[0].Action[0]", input: "policy", old: "s3:*", new: "s3:GetObject" },
      { path: "policy.Statement[0].Action[1]", input: "policy", new: "s3:PutObject" },
    ]);
  });

  it("reports added, removed and changed top-level inputs in name order, and nothing for equal ones", () => {
    expect(diffInputs({ a: 1, b: { x: "1" }, c: true }, { a: 2, b: { x: "1" }, d: [1] })).toEqual([
      { path: "a", input: "a", old: 1, new: 2 },
      { path: "c", input: "c", old: true },
      { path: "d", input: "d", new: [1] },
    ]);
    expect(diffInputs({ policy: '{"a":1}' }, { policy: '{ "a": 1 }' })).toEqual([]);
  });
});

describe("diffLayer", () => {
  const d = diffLayer("data", base, head);

  it("lists added and removed resources by URN (a delete step is not kept), with their physical names", () => {
    expect(d.added).toEqual([
      { urn: urn("aws:kinesis/stream:Stream", "market-data"), name: "market-data", type: "aws:kinesis/stream:Stream", physicalName: "market-data-dev" },
      { urn: urn("aws:ecs/service:Service", "api"), name: "api", type: "aws:ecs/service:Service" },
    ]);
    expect(d.removed).toEqual([{ urn: urn("aws:kms/key:Key", "old"), name: "old", type: "aws:kms/key:Key" }]);
  });

  it("marks the renamed cluster as a replacement forced by clusterIdentifier, and the policy change as an update", () => {
    expect(d.changed.map((c) => [c.name, c.type, c.replacedBy, c.oldPhysicalName, c.physicalName])).toEqual([
      ["analytics", CLUSTER, ["clusterIdentifier"], "aurora-analytics-dev", "aurora-analytics-dev2"],
      ["raw", POLICY, [], undefined, "raw-dev"],
    ]);
    expect(d.changed[0].changes).toEqual([
      { path: "backupRetentionPeriod", input: "backupRetentionPeriod", old: 7, new: 14 },
      { path: "clusterIdentifier", input: "clusterIdentifier", old: "aurora-analytics-dev", new: "aurora-analytics-dev2" },
    ]);
  });

  it("flags the renamed cluster and the deleted KMS key loudly", () => {
    expect(d.warnings).toEqual([
      {
        urn: urn(CLUSTER, "analytics"),
        message: "Aurora cluster analytics is REPLACED (physical name aurora-analytics-dev -> aurora-analytics-dev2): a new, empty cluster is created (restore from a snapshot to keep the data)",
      },
      { urn: urn("aws:kms/key:Key", "old"), message: "KMS key old is DELETED: its data goes with it unless it is retained or backed up" },
    ]);
  });

  it("names the forcing inputs when a stateful resource is replaced without a rename", () => {
    const INSTANCE = "aws:rds/clusterInstance:ClusterInstance";
    const before = layer([
      step(CLUSTER, "c", { clusterIdentifier: "c1", engine: "aurora-postgresql" }),
      step(BUCKET, "b", { bucket: "b1" }),
      step("aws:kms/key:Key", "k", { keyUsage: "ENCRYPT_DECRYPT" }),
      step(INSTANCE, "w", { clusterIdentifier: "c1", identifier: "c1-writer" }),
    ]);
    const after = layer([
      step(CLUSTER, "c", { clusterIdentifier: "c1", engine: "aurora-mysql" }),
      step(BUCKET, "b", { bucket: "b1", forceDestroy: true }),
      step("aws:kms/key:Key", "k", { keyUsage: "SIGN_VERIFY" }),
      step(INSTANCE, "w", { clusterIdentifier: "c1", identifier: "c1-writer-2" }),
    ]);
    expect(diffLayer("data", before, after).warnings).toEqual([
      { urn: urn(CLUSTER, "c"), message: "Aurora cluster c is REPLACED (engine changed): a new, empty cluster is created (restore from a snapshot to keep the data)" },
      { urn: urn("aws:kms/key:Key", "k"), message: "KMS key k is REPLACED (keyUsage changed): a new key is created; data encrypted under the old key is unreadable once it is deleted" },
      { urn: urn(INSTANCE, "w"), message: "Aurora instance w is REPLACED (physical name c1-writer -> c1-writer-2): the instance is deleted and recreated (the cluster loses that capacity meanwhile)" },
    ]);
  });

  it("diffs steps without inputs, and names a physical name that appears", () => {
    const bare: PlanStep = { op: "create", urn: urn("aws:ec2/vpc:Vpc", "v"), newState: { type: "aws:ec2/vpc:Vpc" } };
    const after = layer([step("aws:ec2/vpc:Vpc", "v", { tags: { Name: "main-dev" } })]);
    const d = diffLayer("network", layer([bare]), after);
    expect(d.changed.map((c) => [c.oldPhysicalName, c.physicalName, c.changes])).toEqual([["", "main-dev", [{ path: "tags", input: "tags", new: { Name: "main-dev" } }]]]);
    expect(diffLayer("network", after, layer([bare])).changed[0].oldPhysicalName).toBe("main-dev");
  });

  it("treats a layer missing on one side as empty, and an identical layer as unchanged", () => {
    expect(diffLayer("data", undefined, head).added).toHaveLength(6);
    expect(diffLayer("data", base, undefined).removed).toHaveLength(5);
    expect(unchanged(diffLayer("data", base, base))).toBe(true);
    expect(layerCounts(diffLayer("data", base, base))).toBe("0 added, 0 removed, 0 changed");
    expect(unchanged(d)).toBe(false);
  });
});

describe("diffEnvironments", () => {
  it("diffs the four layers in deployment order", () => {
    const env = (l: LayerPlan): Environment => ({ stack: "dev", layers: [l] });
    const diff = diffEnvironments(env(base), env(head));
    expect(diff.stack).toBe("dev");
    expect(diff.layers.map((l) => [l.layer, unchanged(l)])).toEqual([
      ["security", true],
      ["network", true],
      ["data", false],
      ["compute", true],
    ]);
  });
});

describe("renderLayerDiff", () => {
  const d = diffLayer("data", base, head);

  it("prints warnings first, then added, removed and changed resources with each input old -> new", () => {
    expect(layerCounts(d)).toBe("2 added, 1 removed, 2 changed (1 replaced)");
    expect(renderLayerDiff(d, "text")).toEqual([
      "!! Aurora cluster analytics is REPLACED (physical name aurora-analytics-dev -> aurora-analytics-dev2): a new, empty cluster is created (restore from a snapshot to keep the data)",
      "!! KMS key old is DELETED: its data goes with it unless it is retained or backed up",
      "+ aws:kinesis/stream:Stream market-data (market-data-dev)",
      "+ aws:ecs/service:Service api",
      "- aws:kms/key:Key old",
      "+- aws:rds/cluster:Cluster analytics (aurora-analytics-dev2) REPLACE (forced by clusterIdentifier; internal/service/rds/cluster.go@0168cf6)",
      "    backupRetentionPeriod: 7 -> 14",
      '    clusterIdentifier: "aurora-analytics-dev" -> "aurora-analytics-dev2" [forces replacement]',
      "~ aws:s3/bucketPolicy:BucketPolicy raw (raw-dev) update (whether it replaces is not known: the type is not in FORCE_NEW)",
      '    policy.Statement[0].Action[0]: "s3:*" -> "s3:GetObject"',
      '    policy.Statement[0].Action[1]: + "s3:PutObject"',
    ]);
  });

  it("prints markdown for a pull-request comment: caution blocks, bold names, code paths", () => {
    const before = layer([step(BUCKET, "b", { bucket: "b1", forceDestroy: true }), step(CLUSTER, "c", { clusterIdentifier: "c1" }), step(POLICY, "gone", {})]);
    const after = layer([step(BUCKET, "b", { bucket: "b1" }), step(CLUSTER, "c", { clusterIdentifier: "c2" }), step(POLICY, "new", {})]);
    expect(renderLayerDiff(diffLayer("data", before, after), "markdown")).toEqual([
      "> [!CAUTION]",
      "> - **Aurora cluster c is REPLACED (physical name c1 -> c2): a new, empty cluster is created (restore from a snapshot to keep the data)**",
      "",
      "- + `aws:s3/bucketPolicy:BucketPolicy` **new**",
      "- - `aws:s3/bucketPolicy:BucketPolicy` **gone**",
      "- ~ `aws:s3/bucket:Bucket` **b (b1)** update in place",
      "  - `forceDestroy`: `- true`",
      "- +- `aws:rds/cluster:Cluster` **c (c2)** **REPLACE (forced by clusterIdentifier; internal/service/rds/cluster.go@0168cf6)**",
      '  - `clusterIdentifier`: `"c1" -> "c2"` [forces replacement]',
    ]);
  });

  it("cuts long values so a line stays readable", () => {
    expect(showValue("x".repeat(200), 10)).toBe('"xxxxxxxx…');
    expect(showValue({ a: 1 })).toBe('{"a":1}');
  });
});

describe("FORCE_NEW and STATEFUL", () => {
  it("cite the provider source of every entry and cover every stateful type", () => {
    for (const entry of Object.values(FORCE_NEW)) {
      expect(entry.source).toMatch(/^internal\/service\/[a-z0-9]+\/[a-z_]+\.go@[0-9a-f]{7}$/);
    }
    expect(Object.keys(STATEFUL).filter((t) => !FORCE_NEW[t])).toEqual([]);
    expect(FORCE_NEW[CLUSTER].inputs).toEqual(expect.arrayContaining(["clusterIdentifier", "engine", "kmsKeyId", "masterUsername", "databaseName"]));
    expect(FORCE_NEW[CLUSTER].inputs).not.toContain("backupRetentionPeriod");
  });

  it("picks the forcing inputs among the changed ones; an unlisted type forces nothing", () => {
    expect(forcingReplacement(BUCKET, ["bucket", "forceDestroy"])).toEqual(["bucket"]);
    expect(forcingReplacement("aws:ecs/service:Service", ["name"])).toEqual([]);
  });
});
