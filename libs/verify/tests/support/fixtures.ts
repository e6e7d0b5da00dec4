// Deployed outputs shaped exactly like the contracts (the compiler checks every key), and
// clients for aws-sdk-client-mock. Values follow what AWS returns in us-east-2.
import type { ComputeOutputs, DataOutputs, NetworkOutputs, SecurityOutputs, ServiceOutputs } from "@fin/contracts";
import { createClients } from "../../src/clients";
import type { DeployedOutputs } from "../../src/layers";
import type { ServiceTarget } from "../../src/service-target";

export const ACCOUNT = "123456789012";
export const REGION = "us-east-2";

const keyArn = (id: string) => `arn:aws:kms:${REGION}:${ACCOUNT}:key/${id}`;
export const KEY_IDS = {
  database: "1f6a3c2e-0b9d-4e57-9a51-7c1d2e3f4a5b",
  logs: "2a7b4d3f-1cae-4f68-8b62-8d2e3f4a5b6c",
  storage: "3b8c5e4a-2dbf-4a79-9c73-9e3f4a5b6c7d",
  backup: "4c9d6f5b-3eca-4b8a-8d84-af4a5b6c7d8e",
} as const;

export const SECURITY: SecurityOutputs = {
  databaseKeyArn: keyArn(KEY_IDS.database),
  databaseKeyId: KEY_IDS.database,
  databaseKeyAlias: "alias/database-key-dev",
  logsKeyArn: keyArn(KEY_IDS.logs),
  logsKeyId: KEY_IDS.logs,
  logsKeyAlias: "alias/logs-key-dev",
  storageKeyArn: keyArn(KEY_IDS.storage),
  storageKeyId: KEY_IDS.storage,
  storageKeyAlias: "alias/storage-key-dev",
  backupKeyArn: keyArn(KEY_IDS.backup),
  backupKeyId: KEY_IDS.backup,
  backupKeyAlias: "alias/backup-key-dev",
};

export const NETWORK: NetworkOutputs = {
  vpcId: "vpc-0a1b2c3d4e5f60718",
  vpcCidr: "10.20.0.0/16",
  availabilityZones: ["us-east-2a", "us-east-2b", "us-east-2c"],
  publicSubnetIds: ["subnet-0aa0000000000000a", "subnet-0aa0000000000000b", "subnet-0aa0000000000000c"],
  privateSubnetIds: ["subnet-0bb0000000000000a", "subnet-0bb0000000000000b", "subnet-0bb0000000000000c"],
  privateRouteTableIds: ["rtb-0cc0000000000000a", "rtb-0cc0000000000000b", "rtb-0cc0000000000000c"],
  albSecurityGroupId: "sg-0dd0000000000000a",
  databaseSecurityGroupId: "sg-0dd0000000000000c",
  endpointSecurityGroupId: "sg-0dd0000000000000d",
  appPort: 8080,
  databasePort: 5432,
  s3GatewayEndpointId: "vpce-0ee0000000000000a",
  interfaceEndpointIds: { "ecr.api": "vpce-0ee0000000000000b", logs: "vpce-0ee0000000000000c" },
  flowLogGroupName: "/aws/vpc/flow-logs-dev",
};

export const DATA: DataOutputs = {
  clusterArn: `arn:aws:rds:${REGION}:${ACCOUNT}:cluster:analytics-dev`,
  clusterIdentifier: "analytics-dev",
  clusterResourceId: "cluster-ABCDEFGHIJKLMNOPQRSTUVWXYZ",
  clusterEndpoint: "analytics-dev.cluster-c1a2b3c4d5e6.us-east-2.rds.amazonaws.com",
  readerEndpoint: "analytics-dev.cluster-ro-c1a2b3c4d5e6.us-east-2.rds.amazonaws.com",
  databasePort: 5432,
  databaseName: "analyticsdev",
  masterUsername: "analytics_admin",
  masterSecretArn: `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:rds!cluster-5c2f0b1e-7d4a-4e8b-9f3c-1a2b3c4d5e6f-AbCdEf`,
  databaseLogGroupName: "/aws/rds/cluster/analytics-dev/postgresql",
  rawBucketName: "fin-raw-data-dev",
  rawBucketArn: "arn:aws:s3:::fin-raw-data-dev",
  processedBucketName: "fin-processed-data-dev",
  processedBucketArn: "arn:aws:s3:::fin-processed-data-dev",
  accessLogBucketName: "fin-access-logs-dev",
  streamName: "market-data-dev",
  streamArn: `arn:aws:kinesis:${REGION}:${ACCOUNT}:stream/market-data-dev`,
  backupVaultName: "aurora-vault-dev",
  backupVaultArn: `arn:aws:backup:${REGION}:${ACCOUNT}:backup-vault:aurora-vault-dev`,
  backupPlanId: "8b1f2c3d-4e5f-4a6b-9c7d-0e1f2a3b4c5d",
  backupPlanArn: `arn:aws:backup:${REGION}:${ACCOUNT}:backup-plan:8b1f2c3d-4e5f-4a6b-9c7d-0e1f2a3b4c5d`,
};

/** The `api` entry of the deployed `services` output (the default catalog's public default route). */
export const API_SERVICE: ServiceOutputs = {
  serviceName: "analytics-api-dev",
  serviceArn: `arn:aws:ecs:${REGION}:${ACCOUNT}:service/analytics-dev/analytics-api-dev`,
  taskDefinitionArn: `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/analytics-api-dev:3`,
  repositoryUrl: `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/analytics-api-dev`,
  repositoryArn: `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/analytics-api-dev`,
  logGroupName: "/aws/ecs/analytics-api-dev",
  executionRoleArn: `arn:aws:iam::${ACCOUNT}:role/analytics-api-execution-dev`,
  taskRoleArn: `arn:aws:iam::${ACCOUNT}:role/analytics-api-task-dev`,
  securityGroupId: "sg-0a1b2c3d4e5f60718",
  reach: "public",
  port: 8080,
  targetGroupArn: `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:targetgroup/tg-analytics-dev/6d0ecf831eec9f09`,
  imageReference: `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/analytics-api-dev@sha256:${"c".repeat(64)}`,
  imageStatus: `running ${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/analytics-api-dev:1.0.0 as ${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/analytics-api-dev@sha256:${"c".repeat(64)}, at least 2 tasks`,
  grants: ["database:connect", "processed:read"],
  calls: ["processor"],
};

/** A worker: no port, no target group. */
export const WORKER_SERVICE: ServiceOutputs = {
  ...API_SERVICE,
  serviceName: "analytics-worker-dev",
  serviceArn: `arn:aws:ecs:${REGION}:${ACCOUNT}:service/analytics-dev/analytics-worker-dev`,
  taskDefinitionArn: `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/analytics-worker-dev:1`,
  repositoryUrl: `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/analytics-worker-dev`,
  repositoryArn: `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/analytics-worker-dev`,
  logGroupName: "/aws/ecs/analytics-worker-dev",
  reach: "worker",
  port: 0,
  targetGroupArn: "",
  imageReference: `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/analytics-worker-dev@sha256:${"d".repeat(64)}`,
  imageStatus: `running ${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/analytics-worker-dev:1.0.0 as ${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/analytics-worker-dev@sha256:${"d".repeat(64)}, at least 2 tasks`,
  grants: ["stream:read"],
  calls: [],
};

export const COMPUTE: ComputeOutputs = {
  clusterName: "analytics-dev",
  clusterArn: `arn:aws:ecs:${REGION}:${ACCOUNT}:cluster/analytics-dev`,
  albDnsName: "alb-analytics-dev-1234567890.us-east-2.elb.amazonaws.com",
  albArn: `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:loadbalancer/app/alb-analytics-dev/50dc6c495c0c9188`,
  albLogBucketName: "fin-alb-logs-dev",
  services: { api: API_SERVICE },
};

/** The `api` service as the per-service checks take it. */
export const API: ServiceTarget = { ...API_SERVICE, name: "api", clusterName: COMPUTE.clusterName };

export const OUTPUTS: DeployedOutputs = { security: SECURITY, network: NETWORK, data: DATA, compute: COMPUTE };

export const keyRef = (purpose: keyof typeof KEY_IDS) => ({
  arn: SECURITY[`${purpose}KeyArn`],
  id: SECURITY[`${purpose}KeyId`],
  alias: SECURITY[`${purpose}KeyAlias`],
});

/** Real clients (their `send` is replaced by aws-sdk-client-mock in each test). */
export const clients = () => createClients({ region: REGION, credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" } });

/** An error as the SDK throws it for a service exception. */
export function awsError(name: string, message: string, httpStatusCode: number, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(message), { name, $fault: httpStatusCode >= 500 ? "server" : "client", $metadata: { httpStatusCode, requestId: "a1b2c3d4" }, ...extra });
}

/** A copy without the given keys (a response or outputs file missing fields). */
export function without<T extends object, K extends keyof T>(value: T, ...keys: K[]): Omit<T, K> {
  const copy: Partial<T> = { ...value };
  keys.forEach((k) => delete copy[k]);
  return copy as Omit<T, K>;
}
