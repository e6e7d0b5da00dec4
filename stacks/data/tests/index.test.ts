import * as pulumi from "@pulumi/pulumi";
import { MockHarness, TEST_ACCOUNT_ID, TEST_AZS, runProgram, setupMocks } from "@fin/testing";
import { DATA_OUTPUT_KEYS } from "@fin/contracts";
import { DATABASE_PORT, DATABASE_SG, KEYS, PRIVATE_SUBNETS, STACK_OUTPUTS, json, optionsRecorder, stackConfig } from "./fixtures";

const ACCOUNT = TEST_ACCOUNT_ID;
const CLUSTER_ARN = `arn:aws:rds:us-east-2:${ACCOUNT}:cluster:aurora-analytics-dev`;
const RAW = `raw-data-dev-${ACCOUNT}`;
const PROCESSED = `processed-analytics-dev-${ACCOUNT}`;
const LOGS = `s3-access-logs-dev-${ACCOUNT}`;

let harness: MockHarness;
let outputs: Record<string, unknown>;
const recorder = optionsRecorder();

beforeAll(async () => {
  delete process.env.ENVIRONMENT_SUFFIX;
  harness = await setupMocks({ project: "fin-data", stack: "dev", config: stackConfig("dev"), stackOutputs: STACK_OUTPUTS });
  outputs = await runProgram(() => {
    pulumi.runtime.registerStackTransformation(recorder.transformation);
    return jest.requireActual("../index");
  });
});

const one = (type: string, name?: string) => harness.one(type, name);

describe("the fin-data program", () => {
  it("reads security and network through one StackReference each", () => {
    expect(harness.ofType("pulumi:pulumi:StackReference").map((r) => r.name)).toEqual(["organization/fin-security/dev", "organization/fin-network/dev"]);
  });

  it("declares every AWS resource through the explicit provider", () => {
    const provider = one("pulumi:providers:aws");
    expect(provider.inputs.region).toBe("us-east-2");
    const aws = harness.awsResources().filter((r) => r.type !== "pulumi:providers:aws");
    const tally: Record<string, number> = {};
    aws.forEach((r) => (tally[r.type] = (tally[r.type] ?? 0) + 1));
    expect(tally).toEqual({
      "aws:rds/subnetGroup:SubnetGroup": 1,
      "aws:rds/clusterParameterGroup:ClusterParameterGroup": 1,
      "aws:cloudwatch/logGroup:LogGroup": 1,
      "aws:iam/role:Role": 1,
      "aws:iam/rolePolicyAttachment:RolePolicyAttachment": 2,
      "aws:rds/cluster:Cluster": 1,
      "aws:rds/clusterInstance:ClusterInstance": 2,
      "aws:s3/bucket:Bucket": 3,
      "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": 3,
      "aws:s3/bucketOwnershipControls:BucketOwnershipControls": 3,
      "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": 3,
      "aws:s3/bucketVersioning:BucketVersioning": 3,
      "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": 3,
      "aws:s3/bucketLogging:BucketLogging": 2,
      "aws:s3/bucketPolicy:BucketPolicy": 3,
      "aws:kinesis/stream:Stream": 1,
      "aws:backup/vault:Vault": 1,
      "aws:backup/plan:Plan": 1,
      "aws:backup/selection:Selection": 1,
    });
    expect(aws).toHaveLength(36);
    expect(aws.filter((r) => !r.provider.startsWith(`${provider.urn}::`))).toEqual([]);
  });

  it("exports exactly the DataOutputs contract", () => {
    expect(Object.keys(outputs).sort()).toEqual(Object.keys(DATA_OUTPUT_KEYS).sort());
    expect(outputs).toMatchObject({
      clusterArn: CLUSTER_ARN,
      clusterIdentifier: "aurora-analytics-dev",
      databasePort: DATABASE_PORT,
      databaseName: "analyticsdev",
      masterUsername: "dbadmin",
      databaseLogGroupName: "/aws/rds/cluster/aurora-analytics-dev/postgresql",
      rawBucketName: RAW,
      rawBucketArn: `arn:aws:s3:::${RAW}`,
      processedBucketName: PROCESSED,
      processedBucketArn: `arn:aws:s3:::${PROCESSED}`,
      accessLogBucketName: LOGS,
      streamName: "market-data-dev",
      streamArn: `arn:aws:kinesis:us-east-2:${ACCOUNT}:stream/market-data-dev`,
      backupVaultName: "aurora-backups-dev",
      backupVaultArn: `arn:aws:backup:us-east-2:${ACCOUNT}:backup-vault:aurora-backups-dev`,
    });
    expect(outputs.clusterResourceId).toMatch(/^cluster-[0-9A-F]{26}$/);
    expect(outputs.clusterEndpoint).toMatch(/^aurora-analytics-dev\.cluster-c[0-9a-f]{11}\.us-east-2\.rds\.amazonaws\.com$/);
    expect(outputs.readerEndpoint).toMatch(/^aurora-analytics-dev\.cluster-ro-c[0-9a-f]{11}\.us-east-2\.rds\.amazonaws\.com$/);
    expect(outputs.masterSecretArn).toMatch(new RegExp(`^arn:aws:secretsmanager:us-east-2:${ACCOUNT}:secret:rds!cluster-`));
    expect(outputs.backupPlanArn).toBe(`arn:aws:backup:us-east-2:${ACCOUNT}:backup-plan:${outputs.backupPlanId}`);
  });
});

describe("Aurora", () => {
  it("is an encrypted Serverless v2 cluster on the newest 17 minor, kept 35 days, destroyable, with a managed secret under the database key", () => {
    const cluster = one("aws:rds/cluster:Cluster");
    expect(cluster.inputs).toEqual({
      clusterIdentifier: "aurora-analytics-dev",
      engine: "aurora-postgresql",
      engineMode: "provisioned",
      engineVersion: "17.6",
      databaseName: "analyticsdev",
      masterUsername: "dbadmin",
      manageMasterUserPassword: true,
      masterUserSecretKmsKeyId: KEYS.database,
      port: DATABASE_PORT,
      dbSubnetGroupName: "aurora-analytics-dev",
      vpcSecurityGroupIds: [DATABASE_SG],
      dbClusterParameterGroupName: "aurora-analytics-pg17-dev",
      storageEncrypted: true,
      kmsKeyId: KEYS.database,
      backupRetentionPeriod: 35,
      preferredBackupWindow: "03:00-04:00",
      preferredMaintenanceWindow: "sun:10:00-sun:11:00",
      copyTagsToSnapshot: true,
      iamDatabaseAuthenticationEnabled: true,
      enabledCloudwatchLogsExports: ["postgresql"],
      // Dev pauses when idle (Pulumi.dev.yaml minCapacity "0", ADR 0014).
      serverlessv2ScalingConfiguration: { minCapacity: 0, maxCapacity: 4, secondsUntilAutoPause: 300 },
      deletionProtection: false,
      skipFinalSnapshot: true,
    });
    expect(cluster.inputs).not.toHaveProperty("availabilityZones");
    expect(cluster.dependsOn).toContain(one("aws:cloudwatch/logGroup:LogGroup").urn);
    // AWS upgrades minors itself; the next `up` must not plan a "downgrade" to what it resolves then.
    expect(recorder.ignoreChanges("aws:rds/cluster:Cluster", "analytics")).toEqual(["engineVersion"]);
  });

  it("pre-creates the postgresql export group: 30 days, logs key", () => {
    expect(one("aws:cloudwatch/logGroup:LogGroup").inputs).toEqual({
      name: "/aws/rds/cluster/aurora-analytics-dev/postgresql",
      retentionInDays: 30,
      kmsKeyId: KEYS.logs,
    });
  });

  it("forces TLS and logs DDL, sessions and slow statements", () => {
    expect(one("aws:rds/clusterParameterGroup:ClusterParameterGroup").inputs).toEqual({
      name: "aurora-analytics-pg17-dev",
      family: "aurora-postgresql17",
      description: "TLS only and audit-friendly statement logging",
      parameters: [
        { name: "rds.force_ssl", value: "1", applyMethod: "immediate" },
        { name: "log_statement", value: "ddl", applyMethod: "immediate" },
        { name: "log_min_duration_statement", value: "1000", applyMethod: "immediate" },
        { name: "log_connections", value: "1", applyMethod: "immediate" },
        { name: "log_disconnections", value: "1", applyMethod: "immediate" },
      ],
    });
    expect(one("aws:rds/subnetGroup:SubnetGroup").inputs).toEqual({
      name: "aurora-analytics-dev",
      description: "Private subnets of the analytics cluster",
      subnetIds: PRIVATE_SUBNETS,
    });
  });

  it("runs a private db.serverless writer and then a reader in another AZ, with Performance Insights under the database key and no enhanced monitoring", () => {
    const [writer, reader] = harness.ofType("aws:rds/clusterInstance:ClusterInstance");
    const common = {
      clusterIdentifier: "aurora-analytics-dev",
      instanceClass: "db.serverless",
      engine: "aurora-postgresql",
      engineVersion: "17.6",
      dbSubnetGroupName: "aurora-analytics-dev",
      publiclyAccessible: false,
      autoMinorVersionUpgrade: true,
      monitoringInterval: 0,
      performanceInsightsEnabled: true,
      performanceInsightsKmsKeyId: KEYS.database,
      performanceInsightsRetentionPeriod: 7,
    };
    expect(writer.inputs).toEqual({ ...common, identifier: "aurora-analytics-writer-dev", availabilityZone: TEST_AZS[0], promotionTier: 0 });
    expect(reader.inputs).toEqual({ ...common, identifier: "aurora-analytics-reader-dev", availabilityZone: TEST_AZS[1], promotionTier: 1 });
    for (const name of ["analytics-writer", "analytics-reader"]) {
      expect(recorder.ignoreChanges("aws:rds/clusterInstance:ClusterInstance", name)).toEqual(["engineVersion"]);
    }
  });

  it("creates the reader after the writer, so the writer is the first instance (and so the cluster's writer)", () => {
    const [writer, reader] = harness.ofType("aws:rds/clusterInstance:ClusterInstance");
    const urnOf = (type: string, name?: string) => one(type, name).urn;
    const inputsFrom = [
      urnOf("aws:rds/cluster:Cluster"),
      urnOf("aws:rds/subnetGroup:SubnetGroup"),
      urnOf("pulumi:pulumi:StackReference", "organization/fin-security/dev"),
      urnOf("pulumi:pulumi:StackReference", "organization/fin-network/dev"),
    ].sort();
    expect([...writer.dependsOn].sort()).toEqual(inputsFrom);
    expect([...reader.dependsOn].sort()).toEqual([...inputsFrom, writer.urn].sort());
  });

  it("has no enhanced monitoring role: RDS would create the account-wide RDSOSMetrics group itself", () => {
    expect(harness.ofType("aws:iam/role:Role").map((r) => r.name)).toEqual(["aurora"]);
    expect(harness.ofType("aws:iam/policy:Policy")).toEqual([]);
  });
});

describe("S3 data lake", () => {
  it("names the buckets <base>-<suffix>-<account> and makes both data buckets KMS-encrypted, logged, versioned and lifecycled", () => {
    expect(harness.ofType("aws:s3/bucket:Bucket").map((b) => b.inputs.bucket)).toEqual([LOGS, RAW, PROCESSED]);
    for (const [name, bucket] of [["lake-raw", RAW], ["lake-processed", PROCESSED]]) {
      expect(one("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", name).inputs.rules).toEqual([
        { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: KEYS.storage }, bucketKeyEnabled: true },
      ]);
      expect(one("aws:s3/bucketVersioning:BucketVersioning", name).inputs.versioningConfiguration).toEqual({ status: "Enabled" });
      expect(one("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", name).inputs).toEqual({
        bucket,
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
      });
      expect(one("aws:s3/bucketLogging:BucketLogging", name).inputs).toEqual({ bucket, targetBucket: LOGS, targetPrefix: `${bucket.split("-dev-")[0]}/` });
      expect(one("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", name).inputs.rules).toEqual([
        {
          id: "glacier-after-90-days",
          status: "Enabled",
          filter: { prefix: "" },
          transitions: [{ days: 90, storageClass: "GLACIER" }],
          noncurrentVersionTransitions: [{ noncurrentDays: 90, storageClass: "GLACIER" }],
          abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
        },
      ]);
      const objects = `arn:aws:s3:::${bucket}/*`;
      expect(json(one("aws:s3/bucketPolicy:BucketPolicy", name).inputs.policy)).toEqual({
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "DenyInsecureTransport",
            Effect: "Deny",
            Principal: "*",
            Action: "s3:*",
            Resource: [`arn:aws:s3:::${bucket}`, objects],
            Condition: { Bool: { "aws:SecureTransport": "false" } },
          },
          ...[
            ["DenyOtherEncryptionAlgorithms", { Null: { "s3:x-amz-server-side-encryption": "false" }, StringNotEquals: { "s3:x-amz-server-side-encryption": "aws:kms" } }],
            [
              "DenyOtherKmsKeys",
              {
                Null: { "s3:x-amz-server-side-encryption-aws-kms-key-id": "false" },
                StringNotEquals: { "s3:x-amz-server-side-encryption-aws-kms-key-id": KEYS.storage },
              },
            ],
            ["DenyKmsWithoutTheStorageKey", { Null: { "s3:x-amz-server-side-encryption": "false", "s3:x-amz-server-side-encryption-aws-kms-key-id": "true" } }],
            ["DenyCustomerProvidedKeys", { Null: { "s3:x-amz-server-side-encryption-customer-algorithm": "false" } }],
          ].map(([Sid, Condition]) => ({ Sid, Effect: "Deny", Principal: "*", Action: "s3:PutObject", Resource: objects, Condition })),
        ],
      });
    }
  });

  it("lets only S3 log delivery for this account's two data buckets write into the SSE-S3 log bucket", () => {
    expect(one("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", "lake-access-logs").inputs.rules).toEqual([
      { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
    ]);
    expect(harness.ofType("aws:s3/bucketLogging:BucketLogging").map((l) => l.name)).toEqual(["lake-raw", "lake-processed"]);
    expect(json(one("aws:s3/bucketPolicy:BucketPolicy", "lake-access-logs").inputs.policy)).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "DenyInsecureTransport",
          Effect: "Deny",
          Principal: "*",
          Action: "s3:*",
          Resource: [`arn:aws:s3:::${LOGS}`, `arn:aws:s3:::${LOGS}/*`],
          Condition: { Bool: { "aws:SecureTransport": "false" } },
        },
        {
          Sid: "AllowServerAccessLogDelivery",
          Effect: "Allow",
          Principal: { Service: "logging.s3.amazonaws.com" },
          Action: "s3:PutObject",
          Resource: `arn:aws:s3:::${LOGS}/*`,
          Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT }, ArnLike: { "aws:SourceArn": [`arn:aws:s3:::${RAW}`, `arn:aws:s3:::${PROCESSED}`] } },
        },
      ],
    });
  });
});

describe("Kinesis", () => {
  it("is an on-demand stream under the storage key, kept 168 hours", () => {
    expect(one("aws:kinesis/stream:Stream").inputs).toEqual({
      name: "market-data-dev",
      streamModeDetails: { streamMode: "ON_DEMAND" },
      retentionPeriod: 168,
      encryptionType: "KMS",
      kmsKeyId: KEYS.storage,
    });
  });
});

describe("AWS Backup", () => {
  it("keeps daily recovery points of the cluster exactly 35 days in a backup-key vault that can be torn down", () => {
    const vault = one("aws:backup/vault:Vault");
    expect(vault.inputs).toEqual({ name: "aurora-backups-dev", kmsKeyArn: KEYS.backup, forceDestroy: true });
    expect(one("aws:backup/plan:Plan").inputs).toEqual({
      name: "aurora-daily-dev",
      rules: [
        {
          ruleName: "daily-35-days",
          targetVaultName: "aurora-backups-dev",
          schedule: "cron(0 5 ? * * *)",
          startWindow: 60,
          completionWindow: 180,
          lifecycle: { deleteAfter: 35 },
        },
      ],
    });
    const selection = one("aws:backup/selection:Selection");
    expect(selection.inputs).toEqual({
      name: "aurora-cluster-dev",
      planId: outputs.backupPlanId,
      iamRoleArn: `arn:aws:iam::${ACCOUNT}:role/aurora-backup-dev`,
      resources: [CLUSTER_ARN],
    });
    expect(selection.dependsOn).toEqual(
      expect.arrayContaining([
        one("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "aurora-backup").urn,
        one("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "aurora-restore").urn,
      ]),
    );
  });

  it("lets AWS Backup assume its role and gives it exactly the AWS-managed backup and restore policies", () => {
    const role = one("aws:iam/role:Role", "aurora");
    expect(role.inputs.name).toBe("aurora-backup-dev");
    expect(json(role.inputs.assumeRolePolicy)).toEqual({
      Version: "2012-10-17",
      Statement: [{ Sid: "AssumedByService", Effect: "Allow", Principal: { Service: "backup.amazonaws.com" }, Action: "sts:AssumeRole" }],
    });
    expect(role.inputs).not.toHaveProperty("managedPolicyArns");
    expect(harness.ofType("aws:iam/rolePolicyAttachment:RolePolicyAttachment").map((a) => [a.name, a.inputs])).toEqual([
      ["aurora-backup", { role: "aurora-backup-dev", policyArn: "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup" }],
      ["aurora-restore", { role: "aurora-backup-dev", policyArn: "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores" }],
    ]);
  });
});
