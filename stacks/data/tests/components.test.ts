import { AWS_INVOKES, MockHarness, TEST_ACCOUNT_ID, TEST_AZS, runProgram, setupMocks } from "@fin/testing";
import { AuroraCluster, AuroraClusterArgs } from "../src/aurora-cluster";
import { BUCKET_BASES, bucketName } from "../src/data-lake";
import { AURORA_POSTGRESQL_MAJORS, checkResolvedEngineVersion, engineVersionQuery, parseEngineVersion } from "../src/engine-version";
import { DATABASE_PORT, DATABASE_SG, KEYS, PRIVATE_SUBNETS, json, optionsRecorder } from "./fixtures";

const ARGS: AuroraClusterArgs = {
  environmentSuffix: "pr-1234",
  region: "us-east-2",
  engineMajorVersion: 16,
  allowMajorVersionUpgrade: false,
  minCapacity: 0,
  maxCapacity: 2,
  readers: 1,
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

const CLUSTER = "aws:rds/cluster:Cluster";
const INSTANCE = "aws:rds/clusterInstance:ClusterInstance";
const GET_ENGINE_VERSION = "aws:rds/getEngineVersion:getEngineVersion";

/** Runs one AuroraCluster, recording the engine-version lookups and every resource's options. */
async function declare(args: AuroraClusterArgs) {
  const lookups: Record<string, unknown>[] = [];
  const harness = await setupMocks({
    project: "fin-data",
    stack: "pr-1234",
    invokes: {
      [GET_ENGINE_VERSION]: (inputs) => {
        lookups.push(inputs);
        return AWS_INVOKES[GET_ENGINE_VERSION](inputs);
      },
    },
  });
  const recorder = optionsRecorder();
  let secretArn = "";
  await runProgram(async () => {
    const aurora = new AuroraCluster("analytics", args, { transformations: [recorder.transformation] });
    secretArn = await new Promise((resolve) => aurora.masterSecretArn.apply(resolve));
  });
  return { harness, lookups, ignoreChanges: recorder.ignoreChanges, secretArn };
}

describe("AuroraCluster on major 16, scaled to zero, enhanced monitoring on", () => {
  let run: Awaited<ReturnType<typeof declare>>;
  let harness: MockHarness;

  beforeAll(async () => {
    run = await declare(ARGS);
    harness = run.harness;
  });

  it("resolves the newest provisioned-mode minor of the major once, and creates the cluster and both instances on it", () => {
    expect(run.lookups).toEqual([
      { engine: "aurora-postgresql", parameterGroupFamily: "aurora-postgresql16", filters: [{ name: "engine-mode", values: ["provisioned"] }], latest: true },
    ]);
    expect(harness.one(CLUSTER).inputs.engineVersion).toBe("16.10");
    expect(harness.ofType(INSTANCE).map((i) => [i.name, i.inputs.engineVersion])).toEqual([
      ["analytics-writer", "16.10"],
      ["analytics-reader", "16.10"],
    ]);
    expect(harness.one(CLUSTER).inputs).not.toHaveProperty("allowMajorVersionUpgrade");
    expect(harness.one(CLUSTER).inputs).not.toHaveProperty("applyImmediately");
  });

  it("ignores later engine version changes on the cluster and both instances (AWS upgrades minors itself)", () => {
    expect(run.ignoreChanges(CLUSTER, "analytics")).toEqual(["engineVersion"]);
    expect(run.ignoreChanges(INSTANCE, "analytics-writer")).toEqual(["engineVersion"]);
    expect(run.ignoreChanges(INSTANCE, "analytics-reader")).toEqual(["engineVersion"]);
  });

  it("creates the reader only after the writer, so the writer is the first instance of the cluster", () => {
    const [writer, reader] = harness.ofType(INSTANCE);
    expect(reader.dependsOn).toContain(writer.urn);
    expect(writer.dependsOn).not.toContain(reader.urn);
  });

  it("sets the auto-pause delay only when the minimum is 0 ACUs", () => {
    expect(harness.one(CLUSTER).inputs.serverlessv2ScalingConfiguration).toEqual({ minCapacity: 0, maxCapacity: 2, secondsUntilAutoPause: 900 });
  });

  it("names everything with the suffix, the database name alphanumeric only, the parameter group family from the major", () => {
    const cluster = harness.one(CLUSTER).inputs;
    expect([cluster.clusterIdentifier, cluster.databaseName, cluster.dbClusterParameterGroupName]).toEqual([
      "aurora-analytics-pr-1234",
      "analyticspr1234",
      "aurora-analytics-pg16-pr-1234",
    ]);
    expect(harness.one("aws:rds/clusterParameterGroup:ClusterParameterGroup").inputs.family).toBe("aurora-postgresql16");
  });

  it("gives enhanced monitoring a role whose policy can create RDSOSMetrics (group ARN in both forms)", () => {
    const role = harness.one("aws:iam/role:Role", "analytics-monitoring");
    expect(role.inputs.name).toBe("rds-monitoring-pr-1234");
    expect(json(role.inputs.assumeRolePolicy)).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "AssumedByService",
          Effect: "Allow",
          Principal: { Service: "monitoring.rds.amazonaws.com" },
          Action: "sts:AssumeRole",
          Condition: { StringEquals: { "aws:SourceAccount": TEST_ACCOUNT_ID } },
        },
      ],
    });
    const group = `arn:aws:logs:us-east-2:${TEST_ACCOUNT_ID}:log-group:RDSOSMetrics`;
    expect(json(harness.one("aws:iam/policy:Policy", "analytics-monitoring").inputs.policy)).toEqual({
      Version: "2012-10-17",
      Statement: [
        { Sid: "ManageRdsOsMetricsLogGroup", Effect: "Allow", Action: ["logs:CreateLogGroup", "logs:PutRetentionPolicy"], Resource: [group, `${group}:*`] },
        {
          Sid: "WriteRdsOsMetricsLogStreams",
          Effect: "Allow",
          Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams", "logs:GetLogEvents"],
          Resource: `${group}:log-stream:*`,
        },
      ],
    });
    const attachment = harness.one("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "analytics-monitoring");
    expect(attachment.inputs).toEqual({ role: "rds-monitoring-pr-1234", policyArn: `arn:aws:iam::${TEST_ACCOUNT_ID}:policy/rds-monitoring-pr-1234` });
    for (const instance of harness.ofType(INSTANCE)) {
      expect([instance.inputs.monitoringInterval, instance.inputs.monitoringRoleArn]).toEqual([30, `arn:aws:iam::${TEST_ACCOUNT_ID}:role/rds-monitoring-pr-1234`]);
      expect(instance.dependsOn).toContain(attachment.urn);
    }
  });

  it("keeps Database Insights in Standard mode (nothing on the cluster) with 7 days on the instances", () => {
    expect(harness.one(CLUSTER).inputs).not.toHaveProperty("databaseInsightsMode");
    expect(harness.ofType(INSTANCE).map((i) => [i.inputs.performanceInsightsEnabled, i.inputs.performanceInsightsRetentionPeriod])).toEqual([
      [true, 7],
      [true, 7],
    ]);
  });

  it("exposes the RDS-managed master secret", () => {
    expect(run.secretArn).toMatch(/^arn:aws:secretsmanager:us-east-2:123456789012:secret:rds!cluster-[0-9a-f-]{36}-[0-9a-f]{6}$/);
  });
});

describe("AuroraCluster during a planned engine upgrade, with Database Insights Advanced", () => {
  let run: Awaited<ReturnType<typeof declare>>;

  beforeAll(async () => {
    run = await declare({ ...ARGS, engineMajorVersion: 17, allowMajorVersionUpgrade: true, minCapacity: 0.5, performanceInsightsRetentionDays: 465 });
  });

  it("lets this update move the cluster to the major's newest minor, immediately, and still ignores the instances' version", () => {
    const cluster = run.harness.one(CLUSTER).inputs;
    expect([cluster.engineVersion, cluster.allowMajorVersionUpgrade, cluster.applyImmediately, cluster.dbClusterParameterGroupName]).toEqual([
      "17.6",
      true,
      true,
      "aurora-analytics-pg17-pr-1234",
    ]);
    expect(run.ignoreChanges(CLUSTER, "analytics")).toEqual([]);
    expect(run.ignoreChanges(INSTANCE, "analytics-writer")).toEqual(["engineVersion"]);
    expect(run.ignoreChanges(INSTANCE, "analytics-reader")).toEqual(["engineVersion"]);
  });

  it("turns on Database Insights Advanced on the cluster with 465 days of Performance Insights under the database key", () => {
    const cluster = run.harness.one(CLUSTER).inputs;
    expect([cluster.databaseInsightsMode, cluster.performanceInsightsEnabled, cluster.performanceInsightsKmsKeyId, cluster.performanceInsightsRetentionPeriod]).toEqual([
      "advanced",
      true,
      KEYS.database,
      465,
    ]);
    expect(run.harness.ofType(INSTANCE).map((i) => i.inputs.performanceInsightsRetentionPeriod)).toEqual([465, 465]);
    expect(cluster.serverlessv2ScalingConfiguration).toEqual({ minCapacity: 0.5, maxCapacity: 2 });
  });
});

describe("AuroraCluster in the ephemeral profile (readers: 0, ADR 0014)", () => {
  it("declares the writer only, in the first AZ, at 0-2 ACU so it auto-pauses; the cluster keeps every encryption and retention setting", async () => {
    const { harness } = await declare({ ...ARGS, readers: 0 });
    expect(harness.ofType(INSTANCE).map((i) => [i.name, i.inputs.instanceClass, i.inputs.availabilityZone, i.inputs.promotionTier])).toEqual([["analytics-writer", "db.serverless", TEST_AZS[0], 0]]);
    const cluster = harness.one(CLUSTER).inputs;
    expect([cluster.serverlessv2ScalingConfiguration, cluster.storageEncrypted, cluster.kmsKeyId, cluster.backupRetentionPeriod]).toEqual([
      { minCapacity: 0, maxCapacity: 2, secondsUntilAutoPause: 900 },
      true,
      KEYS.database,
      35,
    ]);
  });
});

describe("engine versions", () => {
  it("queries by family, provisioned engine mode and latest", () => {
    expect(engineVersionQuery(14)).toEqual({
      engine: "aurora-postgresql",
      parameterGroupFamily: "aurora-postgresql14",
      filters: [{ name: "engine-mode", values: ["provisioned"] }],
      latest: true,
    });
  });

  it("parses <major>.<minor> of a supported major and knows where auto-pause starts", () => {
    expect(parseEngineVersion("15.6")).toEqual({ major: 15, minor: 6, supportsAutoPause: false });
    expect(parseEngineVersion("14.12")).toEqual({ major: 14, minor: 12, supportsAutoPause: true });
    expect(Object.entries(AURORA_POSTGRESQL_MAJORS).map(([major, { autoPauseFromMinor }]) => `${major}.${autoPauseFromMinor}`)).toEqual(["14.12", "15.7", "16.3", "17.4"]);
  });

  it.each(["", "17", "17.4.1", "v17.4", "12.9", "18.0"])("does not parse %j", (value) => {
    expect(parseEngineVersion(value)).toBeUndefined();
  });

  it("accepts a resolved minor of the configured major, and one below the auto-pause floor only when min capacity is above 0", () => {
    expect(checkResolvedEngineVersion("17.6", 17, 0)).toBe("17.6");
    expect(checkResolvedEngineVersion("16.2", 16, 0.5)).toBe("16.2");
  });

  it.each([
    ["16.10", 17, 0.5, 'aws.rds.getEngineVersion resolved aurora-postgresql "16.10" for engineMajorVersion 17; expected 17.<minor>'],
    ["17.6.1", 17, 0.5, 'aws.rds.getEngineVersion resolved aurora-postgresql "17.6.1" for engineMajorVersion 17; expected 17.<minor>'],
    ["15.6", 15, 0, "minCapacity 0 (auto-pause) needs aurora-postgresql 15.7 or later, and the newest available 15 minor is 15.6"],
  ])("refuses %j for major %d at %d ACU", (resolved, major, minCapacity, message) => {
    expect(() => checkResolvedEngineVersion(resolved, major, minCapacity)).toThrow(message);
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
