import { MockHarness, TEST_AZS, runProgram, setupMocks } from "@fin/testing";
import { AuroraCluster, AuroraClusterArgs } from "../src/aurora-cluster";
import { BUCKET_BASES, bucketName } from "../src/data-lake";
import { parseEngineVersion } from "../src/engine-version";
import { DATABASE_PORT, DATABASE_SG, KEYS, PRIVATE_SUBNETS } from "./fixtures";

const ARGS: AuroraClusterArgs = {
  environmentSuffix: "pr-1234",
  region: "us-east-2",
  engine: parseEngineVersion("16.6")!,
  engineVersion: "16.6",
  minCapacity: 0,
  maxCapacity: 2,
  secondsUntilAutoPause: 900,
  backupRetentionDays: 35,
  masterUsername: "dbadmin",
  monitoringIntervalSeconds: 30,
  performanceInsightsRetentionDays: 7,
  subnetIds: PRIVATE_SUBNETS,
  availabilityZones: [...TEST_AZS],
  securityGroupId: DATABASE_SG,
  port: DATABASE_PORT,
  databaseKeyArn: KEYS.database,
  logsKeyArn: KEYS.logs,
};

describe("AuroraCluster scaled to zero", () => {
  let harness: MockHarness;
  let secretArn: string;

  beforeAll(async () => {
    harness = await setupMocks({ project: "fin-data", stack: "pr-1234" });
    await runProgram(async () => {
      const aurora = new AuroraCluster("analytics", ARGS);
      secretArn = await new Promise((resolve) => aurora.masterSecretArn.apply(resolve));
    });
  });

  it("sets the auto-pause delay only when the minimum is 0 ACUs", () => {
    expect(harness.one("aws:rds/cluster:Cluster").inputs.serverlessv2ScalingConfiguration).toEqual({ minCapacity: 0, maxCapacity: 2, secondsUntilAutoPause: 900 });
  });

  it("names everything with the suffix, the database name alphanumeric only", () => {
    const cluster = harness.one("aws:rds/cluster:Cluster").inputs;
    expect([cluster.clusterIdentifier, cluster.databaseName, cluster.dbClusterParameterGroupName]).toEqual([
      "aurora-analytics-pr-1234",
      "analyticspr1234",
      "aurora-analytics-pg16-pr-1234",
    ]);
    expect(harness.one("aws:rds/clusterParameterGroup:ClusterParameterGroup").inputs.family).toBe("aurora-postgresql16");
    expect(harness.ofType("aws:rds/clusterInstance:ClusterInstance").map((i) => [i.inputs.identifier, i.inputs.monitoringInterval])).toEqual([
      ["aurora-analytics-writer-pr-1234", 30],
      ["aurora-analytics-reader-pr-1234", 30],
    ]);
  });

  it("exposes the RDS-managed master secret", () => {
    expect(secretArn).toMatch(/^arn:aws:secretsmanager:us-east-2:123456789012:secret:rds!cluster-[0-9a-f-]{36}-[0-9a-f]{6}$/);
  });
});

describe("bucketName", () => {
  it("is <base>-<suffix>-<account>", () => {
    expect(bucketName(BUCKET_BASES.raw, "dev", "123456789012")).toBe("raw-data-dev-123456789012");
  });

  it("stays within 63 characters for the longest valid suffix, shortened deterministically", () => {
    const suffix = "abcdefghij-klmnopqrs";
    const name = bucketName(BUCKET_BASES.processed, suffix, "123456789012");
    expect(name).toBe("processed-analytics-abcdefghij-klmnopqrs-123456789012");
    expect(name.length).toBeLessThanOrEqual(63);
    const longer = bucketName("processed-analytics-curated-daily", suffix, "123456789012");
    expect(longer).toBe("processed-analytics-cu-000d57-abcdefghij-klmnopqrs-123456789012");
    expect(longer).toHaveLength(63);
    expect(bucketName("processed-analytics-curated-daily", suffix, "123456789012")).toBe(longer);
  });

  it("rejects an account id that is not 12 digits", () => {
    expect(() => bucketName(BUCKET_BASES.raw, "dev", "12345")).toThrow("AWS account id '12345' is invalid: it must be 12 digits");
  });
});
