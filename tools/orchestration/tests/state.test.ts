import { DESTRUCTIVE_OPS, resourceCount, STATEFUL_TYPES, statefulChanges, statefulResources } from "../src/state";

const urn = (type: string, name: string) => `urn:pulumi:prod::fin-data::${type}::${name}`;
const CLUSTER = urn("fin:data:AuroraCluster$aws:rds/cluster:Cluster", "analytics-cluster");
const BUCKET = urn("fin:data:DataLake$fin:data:DataBucket$aws:s3/bucket:Bucket", "raw-data");
const VAULT = urn("aws:backup/vault:Vault", "aurora-backups");
const KEY = "urn:pulumi:prod::fin-security::aws:kms/key:Key::database-key";

describe("STATEFUL_TYPES and DESTRUCTIVE_OPS", () => {
  it("are the data-holding types and the ops that lose a resource", () => {
    expect(Object.keys(STATEFUL_TYPES)).toEqual([
      "aws:rds/cluster:Cluster",
      "aws:rds/clusterInstance:ClusterInstance",
      "aws:s3/bucket:Bucket",
      "aws:backup/vault:Vault",
      "aws:kms/key:Key",
      "aws:kinesis/stream:Stream",
    ]);
    expect(DESTRUCTIVE_OPS).toEqual(["delete", "replace", "create-replacement", "delete-replaced", "import-replacement"]);
  });
});

describe("statefulChanges", () => {
  it("lists each stateful resource the plan replaces or deletes once, with its ops", () => {
    const plan = {
      steps: [
        { op: "same", urn: urn("pulumi:pulumi:Stack", "fin-data-prod") },
        { op: "create-replacement", urn: CLUSTER },
        { op: "replace", urn: CLUSTER },
        { op: "delete-replaced", urn: CLUSTER },
        { op: "update", urn: BUCKET },
        { op: "delete", urn: VAULT },
        { op: "delete", urn: urn("aws:backup/plan:Plan", "plan") },
        { op: "import-replacement", urn: KEY },
        { op: "replace", urn: "not-a-urn" },
        { op: "replace", urn: urn("constructor", "x") },
      ],
    };
    expect(statefulChanges(JSON.stringify(plan))).toEqual([
      { urn: CLUSTER, type: "aws:rds/cluster:Cluster", name: "analytics-cluster", loss: STATEFUL_TYPES["aws:rds/cluster:Cluster"], ops: ["create-replacement", "replace", "delete-replaced"] },
      { urn: VAULT, type: "aws:backup/vault:Vault", name: "aurora-backups", loss: STATEFUL_TYPES["aws:backup/vault:Vault"], ops: ["delete"] },
      { urn: KEY, type: "aws:kms/key:Key", name: "database-key", loss: STATEFUL_TYPES["aws:kms/key:Key"], ops: ["import-replacement"] },
    ]);
  });

  it("finds nothing in a plan without steps, and refuses text that is not JSON", () => {
    expect(statefulChanges("{}")).toEqual([]);
    expect(statefulChanges("null")).toEqual([]);
    expect(() => statefulChanges("warning: x")).toThrow("pulumi preview --json did not print JSON: warning: x");
  });
});

describe("statefulResources", () => {
  it("lists the stateful resources of an exported deployment", () => {
    const exported = { version: 3, deployment: { resources: [{ urn: CLUSTER, type: "aws:rds/cluster:Cluster" }, { urn: urn("aws:iam/role:Role", "r") }, { urn: BUCKET }] } };
    expect(statefulResources(JSON.stringify(exported)).map((r) => `${r.name} ${r.type}`)).toEqual(["analytics-cluster aws:rds/cluster:Cluster", "raw-data aws:s3/bucket:Bucket"]);
    expect(statefulResources('{"version":3,"deployment":{}}')).toEqual([]);
    expect(statefulResources("null")).toEqual([]);
  });
});

describe("resourceCount", () => {
  const ls = JSON.stringify([
    { name: "dev", current: false, resourceCount: 12 },
    { name: "organization/fin-data/prod", current: false, resourceCount: 40 },
    { name: "other-org/fin-data/prod", resourceCount: 2 },
    { name: "pr-1", current: true },
    { name: "staging", resourceCount: 0 },
  ]);

  it("counts the stack's resources by bare or qualified name", () => {
    expect([resourceCount(ls, "dev"), resourceCount(ls, "prod"), resourceCount(ls, "staging")]).toEqual([12, 42, 0]);
  });

  it("is 0 for a stack never updated or not listed", () => {
    expect([resourceCount(ls, "pr-1"), resourceCount(ls, "pr-2"), resourceCount("[]", "dev")]).toEqual([0, 0, 0]);
  });

  it("refuses output that is not a list", () => {
    expect(() => resourceCount('{"name":"dev"}', "dev")).toThrow('pulumi stack ls --json printed {"name":"dev"}, expected a list of stacks');
    expect(() => resourceCount("", "dev")).toThrow("pulumi stack ls --json did not print JSON: ");
  });
});
