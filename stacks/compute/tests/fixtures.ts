import type { DataOutputs, NetworkOutputs, SecurityOutputs } from "@fin/contracts";
import { TEST_ACCOUNT_ID, TEST_AZS, TEST_REGION } from "@fin/testing";

const arn = (service: string, resource: string) => `arn:aws:${service}:${TEST_REGION}:${TEST_ACCOUNT_ID}:${resource}`;

/** What fin-security/dev exports, in the contract's shape. */
export const SECURITY: SecurityOutputs = {
  databaseKeyArn: arn("kms", "key/11111111-1111-4111-8111-111111111111"),
  databaseKeyId: "11111111-1111-4111-8111-111111111111",
  databaseKeyAlias: "alias/database-key-dev",
  logsKeyArn: arn("kms", "key/22222222-2222-4222-8222-222222222222"),
  logsKeyId: "22222222-2222-4222-8222-222222222222",
  logsKeyAlias: "alias/logs-key-dev",
  storageKeyArn: arn("kms", "key/33333333-3333-4333-8333-333333333333"),
  storageKeyId: "33333333-3333-4333-8333-333333333333",
  storageKeyAlias: "alias/storage-key-dev",
  backupKeyArn: arn("kms", "key/44444444-4444-4444-8444-444444444444"),
  backupKeyId: "44444444-4444-4444-8444-444444444444",
  backupKeyAlias: "alias/backup-key-dev",
};

/** What fin-network/dev exports. */
export const NETWORK: NetworkOutputs = {
  vpcId: "vpc-0a1b2c3d4e5f60718",
  vpcCidr: "10.0.0.0/16",
  availabilityZones: [...TEST_AZS],
  publicSubnetIds: ["subnet-0public0000000001", "subnet-0public0000000002", "subnet-0public0000000003"],
  privateSubnetIds: ["subnet-0private000000001", "subnet-0private000000002", "subnet-0private000000003"],
  privateRouteTableIds: ["rtb-0private00000000001", "rtb-0private00000000002", "rtb-0private00000000003"],
  albSecurityGroupId: "sg-0alb00000000000001",
  databaseSecurityGroupId: "sg-0db000000000000001",
  endpointSecurityGroupId: "sg-0vpce0000000000001",
  appPort: 8080,
  databasePort: 5432,
  s3GatewayEndpointId: "vpce-0s3000000000000001",
  interfaceEndpointIds: { "ecr.api": "vpce-0ecrapi0000000001", "ecr.dkr": "vpce-0ecrdkr0000000001", logs: "vpce-0logs00000000001" },
  flowLogGroupName: "/aws/vpc/flow-logs-dev",
};

export const MASTER_SECRET_ARN = arn("secretsmanager", "secret:rds!cluster-5a6b7c8d-1111-2222-3333-444455556666-AbCdEf");
export const CLUSTER_RESOURCE_ID = "cluster-ABCDEFGHIJKLMNOPQRSTUVWXYZ";

/** What fin-data/dev exports. */
export const DATA: DataOutputs = {
  clusterArn: arn("rds", "cluster:aurora-cluster-dev"),
  clusterIdentifier: "aurora-cluster-dev",
  clusterResourceId: CLUSTER_RESOURCE_ID,
  clusterEndpoint: "aurora-cluster-dev.cluster-c0123456789a.us-east-2.rds.amazonaws.com",
  readerEndpoint: "aurora-cluster-dev.cluster-ro-c0123456789a.us-east-2.rds.amazonaws.com",
  databasePort: 5432,
  databaseName: "analyticsdev",
  masterUsername: "dbadmin",
  masterSecretArn: MASTER_SECRET_ARN,
  databaseLogGroupName: "/aws/rds/cluster/aurora-cluster-dev/postgresql",
  rawBucketName: "raw-data-123456789012-dev",
  rawBucketArn: "arn:aws:s3:::raw-data-123456789012-dev",
  processedBucketName: "processed-data-123456789012-dev",
  processedBucketArn: "arn:aws:s3:::processed-data-123456789012-dev",
  accessLogBucketName: "access-logs-123456789012-dev",
  streamName: "ingest-stream-dev",
  streamArn: arn("kinesis", "stream/ingest-stream-dev"),
  backupVaultName: "backup-vault-dev",
  backupVaultArn: arn("backup", "backup-vault:backup-vault-dev"),
  backupPlanId: "0a1b2c3d-1111-2222-3333-444455556666",
  backupPlanArn: arn("backup", "backup-plan:0a1b2c3d-1111-2222-3333-444455556666"),
};

/** Upstream outputs keyed as the program's StackReferences name them. */
export const STACK_OUTPUTS = {
  "organization/fin-security/dev": { ...SECURITY },
  "organization/fin-network/dev": { ...NETWORK },
  "organization/fin-data/dev": { ...DATA },
};

/** The directory holding Pulumi.yaml, for resolveStackConfig. */
export const STACK_DIR = `${__dirname}/..`;

/** Parses a resource's JSON-string input (policies, container definitions). */
export const json = (value: unknown): any => JSON.parse(String(value));
