import { BackupClient, BackupRule, DescribeBackupVaultCommand, GetBackupPlanCommand } from "@aws-sdk/client-backup";
import { DescribeStreamSummaryCommand, KinesisClient } from "@aws-sdk/client-kinesis";
import { DBCluster, DBInstance, DescribeDBClustersCommand, DescribeDBInstancesCommand, RDSClient } from "@aws-sdk/client-rds";
import {
  GetBucketEncryptionCommand,
  GetBucketLifecycleConfigurationCommand,
  GetBucketVersioningCommand,
  GetPublicAccessBlockCommand,
  LifecycleRule,
  S3Client,
} from "@aws-sdk/client-s3";
import { DescribeSecretCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { mockClient } from "aws-sdk-client-mock";
import { auroraClusterChecks, auroraInstancesCheck, masterSecretCheck, plannedInstanceCount } from "../src/checks/aurora";
import { backupPlanCheck, backupVaultCheck } from "../src/checks/backup";
import { encryptionCheck, lifecycleCheck, publicAccessBlockCheck, versioningCheck } from "../src/checks/s3";
import { streamEncryptionCheck } from "../src/checks/stream";
import { ACCOUNT, DATA, REGION, SECURITY, awsError, clients, keyRef } from "./support/fixtures";

const rds = mockClient(RDSClient);
const s3 = mockClient(S3Client);
const secrets = mockClient(SecretsManagerClient);
const kinesis = mockClient(KinesisClient);
const backup = mockClient(BackupClient);
const aws = clients();

beforeEach(() => [rds, s3, secrets, kinesis, backup].forEach((m) => m.reset()));

const cluster = (overrides: Partial<DBCluster> = {}): DBCluster => ({
  DBClusterIdentifier: DATA.clusterIdentifier,
  DBClusterArn: DATA.clusterArn,
  DbClusterResourceId: DATA.clusterResourceId,
  Engine: "aurora-postgresql",
  EngineVersion: "16.4",
  EngineMode: "provisioned",
  Status: "available",
  BackupRetentionPeriod: 35,
  StorageEncrypted: true,
  KmsKeyId: SECURITY.databaseKeyArn,
  DeletionProtection: false,
  IAMDatabaseAuthenticationEnabled: true,
  ServerlessV2ScalingConfiguration: { MinCapacity: 0.5, MaxCapacity: 16 },
  MasterUsername: DATA.masterUsername,
  MasterUserSecret: { SecretArn: DATA.masterSecretArn, SecretStatus: "active", KmsKeyId: SECURITY.databaseKeyArn },
  MultiAZ: true,
  Endpoint: DATA.clusterEndpoint,
  ReaderEndpoint: DATA.readerEndpoint,
  Port: 5432,
  ...overrides,
});

const byId = (id: string) => {
  const found = auroraClusterChecks(DATA, keyRef("database")).find((c) => c.id === id);
  return found!;
};

describe("Aurora cluster checks", () => {
  it("are one per requirement, each on the cluster", () => {
    expect(auroraClusterChecks(DATA, keyRef("database")).map((c) => [c.id, c.resource])).toEqual([
      ["aurora.engine", "analytics-dev"],
      ["aurora.backup-retention", "analytics-dev"],
      ["aurora.encryption", "analytics-dev"],
      ["aurora.deletion-protection", "analytics-dev"],
      ["aurora.iam-auth", "analytics-dev"],
    ]);
  });

  it("all pass on a cluster deployed as planned", async () => {
    rds.on(DescribeDBClustersCommand, { DBClusterIdentifier: "analytics-dev" }).resolves({ DBClusters: [cluster()] });
    const observations = await Promise.all(auroraClusterChecks(DATA, keyRef("database")).map((c) => c.run(aws)));
    expect(observations).toEqual([
      {
        pass: true,
        expected: { engine: "aurora-postgresql", engineMode: "provisioned", serverlessV2: "configured" },
        observed: { engine: "aurora-postgresql", engineMode: "provisioned", serverlessV2: { minCapacity: 0.5, maxCapacity: 16 } },
      },
      { pass: true, expected: 35, observed: 35 },
      { pass: true, expected: { storageEncrypted: true, kmsKeyId: SECURITY.databaseKeyArn }, observed: { storageEncrypted: true, kmsKeyId: SECURITY.databaseKeyArn } },
      { pass: true, expected: false, observed: false },
      { pass: true, expected: true, observed: true },
    ]);
  });

  it.each([
    ["aurora.engine", { EngineMode: "serverless", ServerlessV2ScalingConfiguration: undefined }, { engine: "aurora-postgresql", engineMode: "serverless", serverlessV2: null }],
    ["aurora.engine", { Engine: "aurora-mysql" }, { engine: "aurora-mysql", engineMode: "provisioned", serverlessV2: { minCapacity: 0.5, maxCapacity: 16 } }],
    ["aurora.backup-retention", { BackupRetentionPeriod: 7 }, 7],
    ["aurora.backup-retention", { BackupRetentionPeriod: undefined }, null],
    ["aurora.encryption", { KmsKeyId: SECURITY.storageKeyArn }, { storageEncrypted: true, kmsKeyId: SECURITY.storageKeyArn }],
    ["aurora.encryption", { StorageEncrypted: undefined, KmsKeyId: undefined }, { storageEncrypted: false, kmsKeyId: null }],
    ["aurora.deletion-protection", { DeletionProtection: true }, true],
    ["aurora.deletion-protection", { DeletionProtection: undefined }, null],
    ["aurora.iam-auth", { IAMDatabaseAuthenticationEnabled: false }, false],
    ["aurora.iam-auth", { IAMDatabaseAuthenticationEnabled: undefined }, false],
  ])("%s fails with %j", async (id, overrides, observed) => {
    rds.on(DescribeDBClustersCommand).resolves({ DBClusters: [cluster(overrides as Partial<DBCluster>)] });
    expect(await byId(id).run(aws)).toMatchObject({ pass: false, observed });
  });

  it("reports a missing cluster as not found", async () => {
    rds.on(DescribeDBClustersCommand).rejects(awsError("DBClusterNotFoundFault", "DBCluster analytics-dev not found.", 404));
    await expect(byId("aurora.iam-auth").run(aws)).rejects.toMatchObject({ name: "DBClusterNotFoundFault" });
    rds.on(DescribeDBClustersCommand).resolves({});
    await expect(byId("aurora.iam-auth").run(aws)).rejects.toThrow("Aurora cluster analytics-dev does not exist");
  });
});

describe("masterSecretCheck", () => {
  const secret = (overrides: object = {}) => ({
    ARN: DATA.masterSecretArn,
    Name: "rds!cluster-5c2f0b1e-7d4a-4e8b-9f3c-1a2b3c4d5e6f",
    KmsKeyId: SECURITY.databaseKeyArn,
    RotationEnabled: true,
    RotationRules: { AutomaticallyAfterDays: 7 },
    OwningService: "rds",
    VersionIdsToStages: { "b7c1d2e3-0000-4000-8000-000000000001": ["AWSCURRENT"] },
    ...overrides,
  });

  it("passes for the active RDS-managed secret under the database key", async () => {
    rds.on(DescribeDBClustersCommand).resolves({ DBClusters: [cluster()] });
    secrets.on(DescribeSecretCommand, { SecretId: DATA.masterSecretArn }).resolves(secret());
    expect(await masterSecretCheck(DATA, keyRef("database")).run(aws)).toEqual({
      pass: true,
      expected: { clusterSecretArn: DATA.masterSecretArn, clusterSecretStatus: "active", secretKmsKeyId: SECURITY.databaseKeyArn, scheduledForDeletion: false },
      observed: { clusterSecretArn: DATA.masterSecretArn, clusterSecretStatus: "active", secretKmsKeyId: SECURITY.databaseKeyArn, scheduledForDeletion: false },
    });
  });

  it("fails when the cluster no longer manages its password", async () => {
    rds.on(DescribeDBClustersCommand).resolves({ DBClusters: [cluster({ MasterUserSecret: undefined })] });
    secrets.on(DescribeSecretCommand).resolves(secret());
    expect(await masterSecretCheck(DATA, keyRef("database")).run(aws)).toMatchObject({ pass: false, observed: { clusterSecretArn: null, clusterSecretStatus: null } });
  });

  it("fails for a secret scheduled for deletion or under another key", async () => {
    rds.on(DescribeDBClustersCommand).resolves({ DBClusters: [cluster()] });
    secrets.on(DescribeSecretCommand).resolves(secret({ DeletedDate: new Date("2026-11-20T10:00:00Z") }));
    expect(await masterSecretCheck(DATA, keyRef("database")).run(aws)).toMatchObject({ pass: false, observed: { scheduledForDeletion: true } });
    secrets.on(DescribeSecretCommand).resolves(secret({ KmsKeyId: undefined }));
    expect(await masterSecretCheck(DATA, keyRef("database")).run(aws)).toMatchObject({ pass: false, observed: { secretKmsKeyId: null } });
  });

  it("fails when the secret is not active", async () => {
    rds.on(DescribeDBClustersCommand).resolves({ DBClusters: [cluster({ MasterUserSecret: { SecretArn: DATA.masterSecretArn, SecretStatus: "rotating" } })] });
    secrets.on(DescribeSecretCommand).resolves(secret());
    expect((await masterSecretCheck(DATA, keyRef("database")).run(aws)).pass).toBe(false);
  });

  it("lets a missing secret through as not found", async () => {
    rds.on(DescribeDBClustersCommand).resolves({ DBClusters: [cluster()] });
    secrets.on(DescribeSecretCommand).rejects(awsError("ResourceNotFoundException", "Secrets Manager can't find the specified secret.", 400));
    await expect(masterSecretCheck(DATA, keyRef("database")).run(aws)).rejects.toMatchObject({ name: "ResourceNotFoundException" });
  });
});

describe("auroraInstancesCheck", () => {
  const instance = (n: number, az: string, overrides: Partial<DBInstance> = {}): DBInstance => ({
    DBInstanceIdentifier: `analytics-dev-${n}`,
    DBInstanceClass: "db.serverless",
    Engine: "aurora-postgresql",
    DBInstanceStatus: "available",
    AvailabilityZone: az,
    PubliclyAccessible: false,
    DBClusterIdentifier: DATA.clusterIdentifier,
    StorageEncrypted: true,
    ...overrides,
  });

  it("passes for two db.serverless instances in two AZs, private", async () => {
    rds.on(DescribeDBInstancesCommand, { Filters: [{ Name: "db-cluster-id", Values: ["analytics-dev"] }] }).resolves({
      DBInstances: [instance(1, "us-east-2a"), instance(2, "us-east-2b")],
    });
    expect(await auroraInstancesCheck(DATA).run(aws)).toEqual({
      pass: true,
      expected: { minCount: 2, minAvailabilityZones: 2, publiclyAccessible: [], instanceClasses: ["db.serverless"] },
      observed: { count: 2, availabilityZones: ["us-east-2a", "us-east-2b"], publiclyAccessible: [], instanceClasses: ["db.serverless"] },
    });
  });

  it.each([
    ["both in one AZ", [instance(1, "us-east-2a"), instance(2, "us-east-2a")]],
    ["a public instance", [instance(1, "us-east-2a"), instance(2, "us-east-2b", { PubliclyAccessible: true })]],
    ["a provisioned class", [instance(1, "us-east-2a"), instance(2, "us-east-2b", { DBInstanceClass: "db.r6g.large" })]],
    ["a single instance", [instance(1, "us-east-2a")]],
  ])("fails with %s", async (_what, DBInstances) => {
    rds.on(DescribeDBInstancesCommand).resolves({ DBInstances });
    expect((await auroraInstancesCheck(DATA).run(aws)).pass).toBe(false);
  });

  it("fails on an empty answer", async () => {
    rds.on(DescribeDBInstancesCommand).resolves({});
    expect(await auroraInstancesCheck(DATA).run(aws)).toMatchObject({ pass: false, observed: { count: 0 } });
  });

  it("expects one instance in one AZ when the plan has a lone writer (ephemeral), and two with a reader", async () => {
    rds.on(DescribeDBInstancesCommand).resolves({ DBInstances: [instance(1, "us-east-2a")] });
    expect(await auroraInstancesCheck(DATA, { writer: "analytics-dev-1" }).run(aws)).toEqual({
      pass: true,
      expected: { minCount: 1, minAvailabilityZones: 1, publiclyAccessible: [], instanceClasses: ["db.serverless"] },
      observed: { count: 1, availabilityZones: ["us-east-2a"], publiclyAccessible: [], instanceClasses: ["db.serverless"] },
    });
    expect((await auroraInstancesCheck(DATA, { writer: "analytics-dev-1", reader: "analytics-dev-2" }).run(aws)).pass).toBe(false);
    expect(plannedInstanceCount(undefined)).toBe(2);
  });
});

describe("S3 bucket checks", () => {
  const bucket = DATA.rawBucketName;

  it("versioning passes when Enabled, fails when Suspended or never set", async () => {
    s3.on(GetBucketVersioningCommand, { Bucket: bucket }).resolves({ Status: "Enabled", MFADelete: "Disabled" });
    expect(await versioningCheck("raw", bucket).run(aws)).toEqual({ pass: true, expected: "Enabled", observed: "Enabled" });
    s3.on(GetBucketVersioningCommand).resolves({ Status: "Suspended" });
    expect(await versioningCheck("raw", bucket).run(aws)).toEqual({ pass: false, expected: "Enabled", observed: "Suspended" });
    s3.on(GetBucketVersioningCommand).resolves({});
    expect(await versioningCheck("raw", bucket).run(aws)).toEqual({ pass: false, expected: "Enabled", observed: "Disabled" });
  });

  it("encryption passes for SSE-KMS under the storage key, fails for SSE-S3 or none", async () => {
    const check = encryptionCheck("raw", bucket, keyRef("storage"));
    s3.on(GetBucketEncryptionCommand, { Bucket: bucket }).resolves({
      ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: "aws:kms", KMSMasterKeyID: SECURITY.storageKeyArn }, BucketKeyEnabled: true }] },
    });
    expect(await check.run(aws)).toEqual({
      pass: true,
      expected: { sseAlgorithm: "aws:kms", kmsKeyId: SECURITY.storageKeyArn },
      observed: { sseAlgorithm: "aws:kms", kmsKeyId: SECURITY.storageKeyArn, bucketKeyEnabled: true },
    });
    s3.on(GetBucketEncryptionCommand).resolves({ ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" } }] } });
    expect(await check.run(aws)).toMatchObject({ pass: false, observed: { sseAlgorithm: "AES256", kmsKeyId: null, bucketKeyEnabled: false } });
    s3.on(GetBucketEncryptionCommand).rejects(
      awsError("S3ServiceException", "The server side encryption configuration was not found", 404, { Code: "ServerSideEncryptionConfigurationNotFoundError" }),
    );
    expect(await check.run(aws)).toMatchObject({ pass: false, observed: { sseAlgorithm: null } });
  });

  it("other S3 errors reach the runner", async () => {
    s3.on(GetBucketEncryptionCommand).rejects(awsError("NoSuchBucket", "The specified bucket does not exist", 404));
    await expect(encryptionCheck("raw", bucket, keyRef("storage")).run(aws)).rejects.toMatchObject({ name: "NoSuchBucket" });
  });

  it("public access block passes only with all four flags", async () => {
    const all = { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true };
    s3.on(GetPublicAccessBlockCommand, { Bucket: bucket }).resolves({ PublicAccessBlockConfiguration: all });
    expect(await publicAccessBlockCheck("raw", bucket).run(aws)).toEqual({ pass: true, expected: all, observed: all });
    s3.on(GetPublicAccessBlockCommand).resolves({ PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: false } });
    expect(await publicAccessBlockCheck("raw", bucket).run(aws)).toMatchObject({
      pass: false,
      observed: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: false, RestrictPublicBuckets: false },
    });
    s3.on(GetPublicAccessBlockCommand).resolves({ PublicAccessBlockConfiguration: {} });
    expect((await publicAccessBlockCheck("raw", bucket).run(aws)).pass).toBe(false);
    s3.on(GetPublicAccessBlockCommand).rejects(
      awsError("S3ServiceException", "The public access block configuration was not found", 404, { Code: "NoSuchPublicAccessBlockConfiguration" }),
    );
    expect(await publicAccessBlockCheck("raw", bucket).run(aws)).toEqual({ pass: false, expected: all, observed: null });
  });

  describe("lifecycle", () => {
    const rule = (overrides: Partial<LifecycleRule> = {}): LifecycleRule => ({
      ID: "glacier",
      Status: "Enabled",
      Filter: { Prefix: "" },
      Transitions: [{ Days: 90, StorageClass: "GLACIER" }],
      NoncurrentVersionTransitions: [{ NoncurrentDays: 90, StorageClass: "GLACIER" }],
      AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 },
      ...overrides,
    });
    const answer = (rules: LifecycleRule[]) => ({ Rules: rules, TransitionDefaultMinimumObjectSize: "varies_by_storage_class" as const });

    it("passes for current and noncurrent versions to Glacier at 90 days over the whole bucket", async () => {
      s3.on(GetBucketLifecycleConfigurationCommand, { Bucket: bucket }).resolves(answer([rule()]));
      expect(await lifecycleCheck("raw", bucket).run(aws)).toEqual({
        pass: true,
        expected: { currentToGlacierDays: [90], noncurrentToGlacierDays: [90] },
        observed: { currentToGlacierDays: [90], noncurrentToGlacierDays: [90], minimumObjectSize: "varies_by_storage_class" },
      });
    });

    it("accepts a rule with no filter or the legacy prefix", async () => {
      s3.on(GetBucketLifecycleConfigurationCommand).resolves({ Rules: [rule({ Filter: undefined, Prefix: "" })] });
      expect(await lifecycleCheck("raw", bucket).run(aws)).toMatchObject({ pass: true, observed: { minimumObjectSize: null } });
    });

    it.each([
      ["180 days", rule({ Transitions: [{ Days: 180, StorageClass: "GLACIER" }] })],
      ["a non-Glacier class", rule({ Transitions: [{ Days: 90, StorageClass: "STANDARD_IA" }] })],
      ["no noncurrent transition", rule({ NoncurrentVersionTransitions: undefined })],
      ["a disabled rule", rule({ Status: "Disabled" })],
      ["a prefix filter", rule({ Filter: { Prefix: "incoming/" } })],
      ["a size filter", rule({ Filter: { ObjectSizeGreaterThan: 131072 } })],
      ["a tag filter", rule({ Filter: { Tag: { Key: "tier", Value: "cold" } } })],
      ["an and filter", rule({ Filter: { And: { Prefix: "" } } })],
      ["no transitions", rule({ Transitions: undefined })],
    ])("fails with %s", async (_what, r) => {
      s3.on(GetBucketLifecycleConfigurationCommand).resolves(answer([r]));
      expect((await lifecycleCheck("raw", bucket).run(aws)).pass).toBe(false);
    });

    it("fails without a lifecycle configuration", async () => {
      s3.on(GetBucketLifecycleConfigurationCommand).rejects(
        awsError("S3ServiceException", "The lifecycle configuration does not exist", 404, { Code: "NoSuchLifecycleConfiguration" }),
      );
      expect(await lifecycleCheck("raw", bucket).run(aws)).toEqual({
        pass: false,
        expected: { currentToGlacierDays: [90], noncurrentToGlacierDays: [90] },
        observed: { currentToGlacierDays: [], noncurrentToGlacierDays: [], minimumObjectSize: null },
      });
    });
  });
});

describe("streamEncryptionCheck", () => {
  const summary = (overrides: object = {}) => ({
    StreamDescriptionSummary: {
      StreamName: DATA.streamName,
      StreamARN: DATA.streamArn,
      StreamStatus: "ACTIVE" as const,
      StreamModeDetails: { StreamMode: "ON_DEMAND" as const },
      RetentionPeriodHours: 168,
      StreamCreationTimestamp: new Date("2026-11-25T09:00:00Z"),
      EnhancedMonitoring: [{ ShardLevelMetrics: [] }],
      EncryptionType: "KMS" as const,
      KeyId: SECURITY.storageKeyArn,
      OpenShardCount: 4,
      ...overrides,
    },
  });

  it("passes for an active stream under the storage key", async () => {
    kinesis.on(DescribeStreamSummaryCommand, { StreamName: DATA.streamName }).resolves(summary());
    expect(await streamEncryptionCheck(DATA.streamName, keyRef("storage")).run(aws)).toEqual({
      pass: true,
      expected: { status: "ACTIVE", encryptionType: "KMS", keyId: SECURITY.storageKeyArn },
      observed: { status: "ACTIVE", encryptionType: "KMS", keyId: SECURITY.storageKeyArn },
    });
  });

  it("fails for an unencrypted or AWS-managed-key stream", async () => {
    kinesis.on(DescribeStreamSummaryCommand).resolves(summary({ EncryptionType: "NONE", KeyId: undefined }));
    expect(await streamEncryptionCheck(DATA.streamName, keyRef("storage")).run(aws)).toMatchObject({ pass: false, observed: { encryptionType: "NONE", keyId: null } });
    kinesis.on(DescribeStreamSummaryCommand).resolves(summary({ KeyId: "alias/aws/kinesis" }));
    expect((await streamEncryptionCheck(DATA.streamName, keyRef("storage")).run(aws)).pass).toBe(false);
    kinesis.on(DescribeStreamSummaryCommand).resolves({});
    expect(await streamEncryptionCheck(DATA.streamName, keyRef("storage")).run(aws)).toMatchObject({ pass: false, observed: { status: null, encryptionType: null, keyId: null } });
  });
});

describe("AWS Backup checks", () => {
  const plan = (rules: BackupRule[]) => ({
    BackupPlanId: DATA.backupPlanId,
    BackupPlanArn: DATA.backupPlanArn,
    VersionId: "ZDQ0ZTZmNTMtYjA5Zi00ZWVmLWE5YjYtYzE2YTE3NDIzMmM1",
    BackupPlan: { BackupPlanName: "aurora-daily-dev", Rules: rules },
  });
  const rule = (days: number | undefined, vault = DATA.backupVaultName): BackupRule => ({
    RuleName: "daily",
    RuleId: "7a1b2c3d-0000-4000-8000-000000000002",
    TargetBackupVaultName: vault,
    ScheduleExpression: "cron(0 5 * * ? *)",
    StartWindowMinutes: 480,
    CompletionWindowMinutes: 10080,
    ...(days === undefined ? {} : { Lifecycle: { DeleteAfterDays: days } }),
  });

  it("plan passes when every rule keeps 35 days in the platform vault", async () => {
    backup.on(GetBackupPlanCommand, { BackupPlanId: DATA.backupPlanId }).resolves(plan([rule(35)]));
    expect(await backupPlanCheck(DATA).run(aws)).toEqual({
      pass: true,
      expected: { deleteAfterDays: 35, vault: "aurora-vault-dev" },
      observed: [{ rule: "daily", deleteAfterDays: 35, vault: "aurora-vault-dev" }],
    });
  });

  it.each([
    ["7 days", [rule(35), rule(7)]],
    ["no lifecycle (kept forever)", [rule(undefined)]],
    ["another vault", [rule(35, "Default")]],
    ["no rules", []],
  ])("plan fails with %s", async (_what, rules) => {
    backup.on(GetBackupPlanCommand).resolves(plan(rules));
    expect((await backupPlanCheck(DATA).run(aws)).pass).toBe(false);
  });

  it("plan fails on an empty answer", async () => {
    backup.on(GetBackupPlanCommand).resolves({});
    expect(await backupPlanCheck(DATA).run(aws)).toMatchObject({ pass: false, observed: [] });
  });

  it("vault passes under the backup key and fails under another or none", async () => {
    const vault = (EncryptionKeyArn?: string) => ({ BackupVaultName: DATA.backupVaultName, BackupVaultArn: DATA.backupVaultArn, EncryptionKeyArn, NumberOfRecoveryPoints: 3, Locked: false });
    backup.on(DescribeBackupVaultCommand, { BackupVaultName: DATA.backupVaultName }).resolves(vault(SECURITY.backupKeyArn));
    expect(await backupVaultCheck(DATA, keyRef("backup")).run(aws)).toEqual({ pass: true, expected: SECURITY.backupKeyArn, observed: SECURITY.backupKeyArn });
    backup.on(DescribeBackupVaultCommand).resolves(vault(`arn:aws:kms:${REGION}:${ACCOUNT}:key/aws-managed`));
    expect((await backupVaultCheck(DATA, keyRef("backup")).run(aws)).pass).toBe(false);
    backup.on(DescribeBackupVaultCommand).resolves(vault());
    expect(await backupVaultCheck(DATA, keyRef("backup")).run(aws)).toEqual({ pass: false, expected: SECURITY.backupKeyArn, observed: null });
  });
});
