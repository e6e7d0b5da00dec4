// fin-data: layer 3 of 4. Aurora, the S3 data lake, the Kinesis stream and AWS Backup, encrypted
// with the security layer's keys and placed in the network layer's private subnets.
import { createAwsProvider } from "@fin/config";
import { DataOutputs, StackOutputs, readNetwork, readSecurity } from "@fin/contracts";
import { AuroraCluster } from "./src/aurora-cluster";
import { ClusterBackup } from "./src/cluster-backup";
import { loadDataConfig } from "./src/config";
import { DataLake } from "./src/data-lake";
import { MarketDataStream } from "./src/market-data-stream";

const config = loadDataConfig();
const provider = createAwsProvider(config);
const target = { organization: config.stackOrganization, stack: config.stack };
const security = readSecurity(target);
const network = readNetwork(target);
const suffix = config.environmentSuffix;

const aurora = new AuroraCluster(
  "analytics",
  {
    environmentSuffix: suffix,
    region: config.region,
    engineMajorVersion: config.engineMajorVersion,
    allowMajorVersionUpgrade: config.allowMajorVersionUpgrade,
    minCapacity: config.minCapacity,
    maxCapacity: config.maxCapacity,
    readers: config.auroraReaders,
    secondsUntilAutoPause: config.secondsUntilAutoPause,
    backupRetentionDays: config.backupRetentionDays,
    masterUsername: config.masterUsername,
    monitoringIntervalSeconds: config.monitoringIntervalSeconds,
    performanceInsightsRetentionDays: config.performanceInsightsRetentionDays,
    subnetIds: network.privateSubnetIds,
    availabilityZones: network.availabilityZones,
    securityGroupId: network.databaseSecurityGroupId,
    // One source of truth: the port the network layer opened the database security group for.
    port: network.databasePort,
    databaseKeyArn: security.databaseKeyArn,
    logsKeyArn: security.logsKeyArn,
  },
  { provider },
);

const lake = new DataLake("lake", { environmentSuffix: suffix, storageKeyArn: security.storageKeyArn }, { provider });

const { stream } = new MarketDataStream(
  "market-data",
  { environmentSuffix: suffix, retentionHours: config.streamRetentionHours, storageKeyArn: security.storageKeyArn },
  { provider },
);

const backup = new ClusterBackup(
  "aurora",
  {
    environmentSuffix: suffix,
    retentionDays: config.backupRetentionDays,
    clusterArn: aurora.cluster.arn,
    backupKeyArn: security.backupKeyArn,
  },
  { provider },
);

const outputs: StackOutputs<DataOutputs> = {
  clusterArn: aurora.cluster.arn,
  clusterIdentifier: aurora.cluster.clusterIdentifier,
  clusterResourceId: aurora.cluster.clusterResourceId,
  clusterEndpoint: aurora.cluster.endpoint,
  readerEndpoint: aurora.cluster.readerEndpoint,
  databasePort: aurora.cluster.port,
  databaseName: aurora.databaseName,
  masterUsername: config.masterUsername,
  masterSecretArn: aurora.masterSecretArn,
  databaseLogGroupName: aurora.logGroup.name,
  rawBucketName: lake.raw.bucketName,
  rawBucketArn: lake.raw.arn,
  processedBucketName: lake.processed.bucketName,
  processedBucketArn: lake.processed.arn,
  accessLogBucketName: lake.accessLogs.bucketName,
  streamName: stream.name,
  streamArn: stream.arn,
  backupVaultName: backup.vault.name,
  backupVaultArn: backup.vault.arn,
  backupPlanId: backup.plan.id,
  backupPlanArn: backup.plan.arn,
};

export const {
  clusterArn,
  clusterIdentifier,
  clusterResourceId,
  clusterEndpoint,
  readerEndpoint,
  databasePort,
  databaseName,
  masterUsername,
  masterSecretArn,
  databaseLogGroupName,
  rawBucketName,
  rawBucketArn,
  processedBucketName,
  processedBucketArn,
  accessLogBucketName,
  streamName,
  streamArn,
  backupVaultName,
  backupVaultArn,
  backupPlanId,
  backupPlanArn,
} = outputs;
