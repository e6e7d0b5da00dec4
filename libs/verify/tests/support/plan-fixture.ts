// A small synthesized environment: the four files synth writes per layer, shaped like
// dist/<stack>/<layer>/{preview,mock-outputs,synth}.json, with one resource of each kind the seed reads
// and settings that differ from the real plans (no rotation, a bucket without settings, an
// unencrypted 24-hour stream, a public service) so every branch of the seed is exercised.
import * as fs from "node:fs";
import * as path from "node:path";
import { LAYERS, Layer } from "@fin/config";
import type { Plan, PlanStep, SynthMeta } from "@fin/plan";
import { ACCOUNT, API_SERVICE, COMPUTE, KEY_IDS, NETWORK, OUTPUTS, REGION, SECURITY } from "./fixtures";

export interface LayerFiles {
  preview: Plan;
  outputs: Record<string, unknown>;
  synth: Pick<SynthMeta, "project" | "stack">;
}
export type PlanFiles = Record<Layer, LayerFiles>;

type Resource = [type: string, name: string, id: string | undefined, inputs: Record<string, unknown>];

function step(layer: Layer, stack: string, [type, name, id, inputs]: Resource, op: "create" | "read" = "create"): PlanStep {
  const urn = `urn:pulumi:${stack}::fin-${layer}::${type}::${name}`;
  return {
    op,
    urn,
    newState: { urn, type, custom: !type.startsWith("fin:"), ...(id === undefined ? {} : { id }), protect: false, retainOnDelete: false, dependencies: [], inputs },
  };
}

const igwId = "igw-0ff0000000000000a";
const subnet = NETWORK.privateSubnetIds[0];
const table = NETWORK.privateRouteTableIds[0];
export const RAW_BUCKET = `fin-raw-data-dev-${ACCOUNT}`;
export const LOG_BUCKET = `fin-logs-dev-${ACCOUNT}`;

const RESOURCES: Record<Layer, Resource[]> = {
  security: [
    ["fin:security:PlatformKeys", "platform", undefined, {}],
    ["aws:kms/key:Key", "platform-storage", KEY_IDS.storage, { description: "storage-key-dev", keyUsage: "ENCRYPT_DECRYPT", customerMasterKeySpec: "SYMMETRIC_DEFAULT" }],
    ["aws:kms/alias:Alias", "platform-storage", "alias/storage-key-dev", { name: "alias/storage-key-dev", targetKeyId: KEY_IDS.storage }],
  ],
  network: [
    ["aws:ec2/vpc:Vpc", "platform", NETWORK.vpcId, { cidrBlock: "10.20.0.0/16", enableDnsSupport: true, enableDnsHostnames: true }],
    ["aws:ec2/internetGateway:InternetGateway", "platform-igw", igwId, { vpcId: NETWORK.vpcId }],
    ["aws:ec2/routeTable:RouteTable", "platform-private-us-east-2a", table, { vpcId: NETWORK.vpcId }],
    ["aws:ec2/subnet:Subnet", "platform-private-us-east-2a", subnet, { vpcId: NETWORK.vpcId, cidrBlock: "10.20.48.0/20", availabilityZone: "us-east-2a" }],
    ["aws:ec2/routeTableAssociation:RouteTableAssociation", "platform-private-us-east-2a", "rtbassoc-1", { routeTableId: table, subnetId: subnet }],
    ["aws:ec2/route:Route", "platform-internet", "r-1", { routeTableId: table, destinationCidrBlock: "0.0.0.0/0", gatewayId: igwId }],
    ["aws:ec2/securityGroup:SecurityGroup", "platform-database", NETWORK.databaseSecurityGroupId, { vpcId: NETWORK.vpcId, name: "database-sg-dev", description: "database" }],
    ["aws:ec2/vpcEndpoint:VpcEndpoint", "platform-s3", NETWORK.s3GatewayEndpointId, { vpcId: NETWORK.vpcId, vpcEndpointType: "Gateway", serviceName: "com.amazonaws.us-east-2.s3", routeTableIds: [table] }],
    ["aws:cloudwatch/logGroup:LogGroup", "platform", NETWORK.flowLogGroupName, { name: NETWORK.flowLogGroupName, kmsKeyId: SECURITY.logsKeyArn, retentionInDays: 14 }],
  ],
  data: [
    ["aws:rds/subnetGroup:SubnetGroup", "analytics", "analytics-1", { name: "analytics-dev", description: "private", subnetIds: [subnet] }],
    ["aws:rds/cluster:Cluster", "analytics", "analytics-dev", { clusterIdentifier: "analytics-dev", engine: "aurora-postgresql", kmsKeyId: SECURITY.storageKeyArn, serverlessv2ScalingConfiguration: { minCapacity: 1, maxCapacity: 2 } }],
    ["aws:rds/clusterInstance:ClusterInstance", "analytics-writer", "analytics-writer-dev", { identifier: "analytics-writer-dev", clusterIdentifier: "analytics-dev", instanceClass: "db.serverless", engine: "aurora-postgresql" }],
    ["aws:s3/bucket:Bucket", "lake-raw", RAW_BUCKET, { bucket: RAW_BUCKET }],
    ["aws:s3/bucket:Bucket", "lake-logs", LOG_BUCKET, { bucket: LOG_BUCKET }],
    ["aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "lake-logs", "lake-logs-1", { bucket: LOG_BUCKET, blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true }],
    ["aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", "lake-logs", "lake-logs-2", { bucket: LOG_BUCKET, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] }],
    ["aws:s3/bucketVersioning:BucketVersioning", "lake-logs", "lake-logs-3", { bucket: LOG_BUCKET, versioningConfiguration: { status: "Suspended" } }],
    ["aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", "lake-logs", "lake-logs-4", { bucket: LOG_BUCKET, rules: [{ id: "expire", status: "Enabled", filter: { prefix: "tmp/" } }] }],
    ["aws:kinesis/stream:Stream", "market-data", "arn:stream", { name: "market-data-dev", streamModeDetails: { streamMode: "ON_DEMAND" }, retentionPeriod: 24 }],
    ["aws:backup/vault:Vault", "aurora", "aurora-vault-dev", { name: "aurora-vault-dev" }],
    ["aws:backup/plan:Plan", "aurora", "plan-1", { name: "aurora-daily-dev", rules: [{ ruleName: "daily", targetVaultName: "aurora-vault-dev" }] }],
  ],
  compute: [
    // A resource the synth's engine gave no id (the seed does not create roles).
    ["aws:iam/role:Role", "analytics-task", undefined, { name: "analytics-task-dev" }],
    ["aws:ecs/cluster:Cluster", "analytics", COMPUTE.clusterArn, { name: COMPUTE.clusterName }],
    ["aws:ecs/clusterCapacityProviders:ClusterCapacityProviders", "analytics", "cp-1", { clusterName: COMPUTE.clusterName, capacityProviders: ["FARGATE_SPOT"], defaultCapacityProviderStrategies: [{ capacityProvider: "FARGATE_SPOT", weight: 1 }] }],
    ["aws:ecs/taskDefinition:TaskDefinition", "analytics", "analytics-api-dev", { family: "analytics-api-dev", tags: { service: "api" }, containerDefinitions: JSON.stringify([{ name: "api", image: `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/api:1` }]) }],
    [
      "aws:ecs/service:Service",
      "analytics",
      API_SERVICE.serviceArn,
      { cluster: COMPUTE.clusterArn, name: API_SERVICE.serviceName, tags: { service: "api" }, taskDefinition: API_SERVICE.taskDefinitionArn, capacityProviderStrategies: [{ capacityProvider: "FARGATE_SPOT", weight: 1 }], networkConfiguration: { subnets: [subnet], assignPublicIp: true } },
    ],
  ],
};

/** The files of one environment; `stack` and `region` may differ per layer to build broken sets. */
export function planFiles(options: { stack?: (layer: Layer) => string; region?: (layer: Layer) => string | undefined } = {}): PlanFiles {
  const stackOf = options.stack ?? (() => "dev");
  const regionOf = options.region ?? (() => REGION);
  return Object.fromEntries(
    LAYERS.map((layer) => {
      const stack = stackOf(layer);
      const region = regionOf(layer);
      const provider: Resource[] = region === undefined ? [] : [["pulumi:providers:aws", `aws-${region}`, "provider-id", { region }]];
      const steps = [
        step(layer, stack, ["pulumi:pulumi:Stack", `fin-${layer}-${stack}`, undefined, {}]),
        step(layer, stack, ["pulumi:pulumi:StackReference", `organization/fin-security/${stack}`, "ref", { name: `organization/fin-security/${stack}` }], "read"),
        ...[...provider, ...RESOURCES[layer]].map((r) => step(layer, stack, r)),
      ];
      const files: LayerFiles = { preview: { steps, changeSummary: { create: steps.length } }, outputs: { ...OUTPUTS[layer] }, synth: { project: `fin-${layer}`, stack } };
      return [layer, files];
    }),
  ) as PlanFiles;
}

/** Writes the files as synth does: `<distRoot>/<stack>/<layer>/{preview,mock-outputs,synth}.json`. */
export function writePlanFiles(distRoot: string, files: PlanFiles, stack = "dev"): void {
  for (const layer of LAYERS) {
    const dir = path.join(distRoot, stack, layer);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "preview.json"), JSON.stringify(files[layer].preview));
    fs.writeFileSync(path.join(dir, "mock-outputs.json"), JSON.stringify(files[layer].outputs));
    fs.writeFileSync(path.join(dir, "synth.json"), JSON.stringify(files[layer].synth));
  }
}
