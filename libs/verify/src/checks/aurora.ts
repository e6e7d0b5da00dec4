import { DBCluster, DescribeDBClustersCommand, DescribeDBInstancesCommand } from "@aws-sdk/client-rds";
import { DescribeSecretCommand } from "@aws-sdk/client-secrets-manager";
import { REQUIREMENTS } from "@fin/config";
import type { DataOutputs } from "@fin/contracts";
import type { AwsClients } from "../clients";
import type { Check, Observation } from "../check";
import { ResourceNotFoundError } from "../errors";
import type { DataExpectations } from "../expectations";
import { KeyRef, isKey } from "../kms-key";

async function describeCluster(aws: AwsClients, identifier: string): Promise<DBCluster> {
  // DescribeDBClusters throws DBClusterNotFoundFault for an unknown identifier.
  const { DBClusters = [] } = await aws.rds.send(new DescribeDBClustersCommand({ DBClusterIdentifier: identifier }));
  const [cluster] = DBClusters;
  if (!cluster) {
    throw new ResourceNotFoundError(`Aurora cluster ${identifier}`);
  }
  return cluster;
}

function clusterCheck(data: DataOutputs, id: string, title: string, judge: (cluster: DBCluster) => Observation): Check {
  return {
    id: `aurora.${id}`,
    title,
    resource: data.clusterIdentifier,
    run: async (aws) => judge(await describeCluster(aws, data.clusterIdentifier)),
  };
}

/** The cluster checks that read DescribeDBClusters, one requirement each so a failure names it. */
export function auroraClusterChecks(data: DataOutputs, databaseKey: KeyRef): Check[] {
  return [
    clusterCheck(data, "engine", "Aurora is aurora-postgresql Serverless v2 (provisioned mode with v2 scaling)", (c) => {
      const scaling = c.ServerlessV2ScalingConfiguration;
      const observed = {
        engine: c.Engine,
        engineMode: c.EngineMode,
        serverlessV2: scaling ? { minCapacity: scaling.MinCapacity, maxCapacity: scaling.MaxCapacity } : null,
      };
      return {
        pass: observed.engine === "aurora-postgresql" && observed.engineMode === "provisioned" && scaling?.MaxCapacity !== undefined,
        expected: { engine: "aurora-postgresql", engineMode: "provisioned", serverlessV2: "configured" },
        observed,
      };
    }),
    clusterCheck(data, "backup-retention", `Aurora keeps automated backups exactly ${REQUIREMENTS.backupRetentionDays} days`, (c) => ({
      pass: c.BackupRetentionPeriod === REQUIREMENTS.backupRetentionDays,
      expected: REQUIREMENTS.backupRetentionDays,
      observed: c.BackupRetentionPeriod ?? null,
    })),
    clusterCheck(data, "encryption", "Aurora storage and backups are encrypted with the database key", (c) => ({
      pass: c.StorageEncrypted === true && isKey(c.KmsKeyId, databaseKey),
      expected: { storageEncrypted: true, kmsKeyId: databaseKey.arn },
      observed: { storageEncrypted: c.StorageEncrypted ?? false, kmsKeyId: c.KmsKeyId ?? null },
    })),
    clusterCheck(data, "deletion-protection", "Aurora has no deletion protection (environments must tear down)", (c) => ({
      pass: c.DeletionProtection === false,
      expected: false,
      observed: c.DeletionProtection ?? null,
    })),
    clusterCheck(data, "iam-auth", "Aurora accepts IAM database authentication", (c) => ({
      pass: c.IAMDatabaseAuthenticationEnabled === true,
      expected: true,
      observed: c.IAMDatabaseAuthenticationEnabled ?? false,
    })),
  ];
}

/** The RDS-managed master secret is the one exported, active, and encrypted with the database key. */
export function masterSecretCheck(data: DataOutputs, databaseKey: KeyRef): Check {
  return {
    id: "aurora.master-secret",
    title: "Aurora master password is the RDS-managed secret, present and encrypted with the database key",
    resource: data.masterSecretArn,
    async run(aws) {
      const cluster = await describeCluster(aws, data.clusterIdentifier);
      const secret = await aws.secrets.send(new DescribeSecretCommand({ SecretId: data.masterSecretArn }));
      const observed = {
        clusterSecretArn: cluster.MasterUserSecret?.SecretArn ?? null,
        clusterSecretStatus: cluster.MasterUserSecret?.SecretStatus ?? null,
        secretKmsKeyId: secret.KmsKeyId ?? null,
        scheduledForDeletion: secret.DeletedDate !== undefined,
      };
      return {
        pass:
          observed.clusterSecretArn === data.masterSecretArn &&
          observed.clusterSecretStatus === "active" &&
          isKey(secret.KmsKeyId, databaseKey) &&
          !observed.scheduledForDeletion,
        expected: { clusterSecretArn: data.masterSecretArn, clusterSecretStatus: "active", secretKmsKeyId: databaseKey.arn, scheduledForDeletion: false },
        observed,
      };
    },
  };
}

/**
 * How many instances the plan has: an ephemeral stack (ADR 0014) plans a writer and no reader, so
 * its cluster is judged as one instance; without a plan, the production shape (writer and reader).
 */
export const plannedInstanceCount = (expectations: DataExpectations | undefined): number =>
  expectations?.writer !== undefined && expectations.reader === undefined ? 1 : 2;

/** The planned instances (a writer and a reader spread over two AZs, or a lone writer), none reachable from the internet. */
export function auroraInstancesCheck(data: DataOutputs, expectations?: DataExpectations): Check {
  const minCount = plannedInstanceCount(expectations);
  const minAvailabilityZones = Math.min(minCount, 2);
  return {
    id: "aurora.instances",
    title: "Aurora instances are db.serverless, as many and in as many AZs as planned, not publicly accessible",
    resource: data.clusterIdentifier,
    async run(aws) {
      const { DBInstances = [] } = await aws.rds.send(
        new DescribeDBInstancesCommand({ Filters: [{ Name: "db-cluster-id", Values: [data.clusterIdentifier] }] }),
      );
      const observed = {
        count: DBInstances.length,
        availabilityZones: [...new Set(DBInstances.map((i) => i.AvailabilityZone))].sort(),
        publiclyAccessible: DBInstances.filter((i) => i.PubliclyAccessible === true).map((i) => i.DBInstanceIdentifier),
        instanceClasses: [...new Set(DBInstances.map((i) => i.DBInstanceClass))].sort(),
      };
      return {
        pass:
          observed.count >= minCount &&
          observed.availabilityZones.length >= minAvailabilityZones &&
          observed.publiclyAccessible.length === 0 &&
          observed.instanceClasses.length === 1 &&
          observed.instanceClasses[0] === "db.serverless",
        expected: { minCount, minAvailabilityZones, publiclyAccessible: [], instanceClasses: ["db.serverless"] },
        observed,
      };
    },
  };
}

/**
 * The writer and the reader the data layer names are both `available`, in different AZs (a lone
 * planned writer, the ephemeral profile, is judged alone), and
 * DBClusterMembers says which writes (IsClusterWriter: a failover swaps them,
 * https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DBClusterMember.html).
 */
export function auroraMembersCheck(data: DataOutputs, expectations: DataExpectations | undefined, missing: string | undefined): Check {
  return {
    id: "aurora.writer-reader",
    title: "Aurora writer and reader are available, in different AZs, in the roles they are named for",
    resource: data.clusterIdentifier,
    async run(aws) {
      if (expectations?.writer === undefined) {
        return { pass: false, verdict: "unknown", reason: missing ?? "the plan names no writer instance", expected: "the planned writer and reader", observed: null };
      }
      const cluster = await describeCluster(aws, data.clusterIdentifier);
      const { DBInstances = [] } = await aws.rds.send(new DescribeDBInstancesCommand({ Filters: [{ Name: "db-cluster-id", Values: [data.clusterIdentifier] }] }));
      const members = cluster.DBClusterMembers ?? [];
      const describeOne = (identifier: string) => {
        const instance = DBInstances.find((i) => i.DBInstanceIdentifier === identifier);
        const member = members.find((m) => m.DBInstanceIdentifier === identifier);
        return { status: instance?.DBInstanceStatus ?? "missing", availabilityZone: instance?.AvailabilityZone ?? null, isClusterWriter: member?.IsClusterWriter ?? null };
      };
      const writerObserved = { identifier: expectations.writer, ...describeOne(expectations.writer) };
      const writerExpected = { identifier: expectations.writer, status: "available", isClusterWriter: true };
      if (expectations.reader === undefined) {
        // A lone writer (ephemeral profile): there is no reader to place in another AZ.
        return {
          pass: writerObserved.status === "available" && writerObserved.isClusterWriter === true,
          expected: { writer: writerExpected },
          observed: { writer: writerObserved },
        };
      }
      const observed = { writer: writerObserved, reader: { identifier: expectations.reader, ...describeOne(expectations.reader) } };
      return {
        pass:
          observed.writer.status === "available" &&
          observed.reader.status === "available" &&
          observed.writer.availabilityZone !== null &&
          observed.writer.availabilityZone !== observed.reader.availabilityZone &&
          observed.writer.isClusterWriter === true &&
          observed.reader.isClusterWriter === false,
        expected: {
          writer: writerExpected,
          reader: { identifier: expectations.reader, status: "available", isClusterWriter: false },
          availabilityZones: "different",
        },
        observed,
      };
    },
  };
}
