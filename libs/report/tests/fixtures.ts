import * as fs from "node:fs";
import * as path from "node:path";
import { LAYERS, type Layer } from "@fin/config";
import { layerPlan, type Environment, type Plan, type PlanStep } from "@fin/plan";
import { scratchDir } from "@fin/testing";

/** A resource of a fixture plan: [type, logical name, id, inputs]. */
export type FixtureResource = [string, string, string, Record<string, unknown>];

export interface FixtureLayer {
  resources: FixtureResource[];
  /** The provider's environment-profile default tag (@fin/config defaultTags); none when absent. */
  profile?: "production" | "ephemeral";
  references?: string[];
  outputs?: Record<string, unknown>;
}

export type Fixture = Record<Layer, FixtureLayer>;

const KEY = (id: string) => `arn:aws:kms:us-east-2:123456789012:key/${id}`;
export const KEYS = { database: "1111aaaa-0000-0000-0000-000000000001", storage: "2222bbbb-0000-0000-0000-000000000002", logs: "3333cccc-0000-0000-0000-000000000003" };
const SUBNETS = { publicA: "subnet-0000000000000000a", publicB: "subnet-0000000000000000b", privateA: "subnet-1000000000000000a", privateB: "subnet-1000000000000000b" };
const STREAM = "arn:aws:kinesis:us-east-2:123456789012:stream/ingest-dev";
const ALB = "arn:aws:elasticloadbalancing:us-east-2:123456789012:loadbalancer/app/alb-dev/0123456789abcdef";
const TG = "arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/tg-dev/0123456789abcdef";
const CLUSTER = "arn:aws:ecs:us-east-2:123456789012:cluster/cluster-dev";

/**
 * A small environment over two AZs with one of everything the report prices: three keys, one
 * interface and one gateway endpoint, Aurora Serverless v2 (0.5-16 ACU, writer and reader), a
 * bucket with a Glacier transition, an on-demand stream kept 7 days, a vault, a secret, and a
 * service of 3 tasks (1 on demand as base, 2 on Spot) of 2 vCPU / 4 GB behind an ALB: the catalog
 * service `app` (issue 16), its resources tagged `service=app` (the log group's tags as a JSON
 * string, as a preview may carry them) and its task role carrying its grants.
 */
export function fixture(): Fixture {
  return {
    security: {
      resources: [
        ["aws:kms/key:Key", "platform-database", KEYS.database, { enableKeyRotation: true }],
        ["aws:kms/key:Key", "platform-storage", KEYS.storage, { enableKeyRotation: true }],
        ["aws:kms/key:Key", "platform-logs", KEYS.logs, { enableKeyRotation: true }],
        ["aws:kms/alias:Alias", "platform-database", "alias/database-key-dev", { name: "alias/database-key-dev", targetKeyId: KEYS.database }],
      ],
      outputs: {
        databaseKeyArn: KEY(KEYS.database),
        databaseKeyAlias: "alias/database-key-dev",
        storageKeyArn: KEY(KEYS.storage),
        logsKeyArn: KEY(KEYS.logs),
      },
    },
    network: {
      references: ["organization/fin-security/dev"],
      resources: [
        ["aws:ec2/vpc:Vpc", "platform", "vpc-00000000000000001", { cidrBlock: "10.0.0.0/16" }],
        ["aws:ec2/internetGateway:InternetGateway", "platform-igw", "igw-00000000000000001", { vpcId: "vpc-00000000000000001" }],
        ["aws:ec2/subnet:Subnet", "platform-public-a", SUBNETS.publicA, { vpcId: "vpc-00000000000000001", availabilityZone: "us-east-2a", cidrBlock: "10.0.0.0/20", mapPublicIpOnLaunch: false }],
        ["aws:ec2/subnet:Subnet", "platform-public-b", SUBNETS.publicB, { vpcId: "vpc-00000000000000001", availabilityZone: "us-east-2b", cidrBlock: "10.0.16.0/20" }],
        ["aws:ec2/subnet:Subnet", "platform-private-a", SUBNETS.privateA, { vpcId: "vpc-00000000000000001", availabilityZone: "us-east-2a", cidrBlock: "10.0.32.0/20" }],
        ["aws:ec2/subnet:Subnet", "platform-private-b", SUBNETS.privateB, { vpcId: "vpc-00000000000000001", availabilityZone: "us-east-2b", cidrBlock: "10.0.48.0/20" }],
        ["aws:ec2/routeTable:RouteTable", "platform-public", "rtb-00000000000000001", { vpcId: "vpc-00000000000000001" }],
        ["aws:ec2/route:Route", "platform-public-internet", "r-1", { routeTableId: "rtb-00000000000000001", gatewayId: "igw-00000000000000001", destinationCidrBlock: "0.0.0.0/0" }],
        ["aws:ec2/routeTableAssociation:RouteTableAssociation", "platform-public-a", "rtbassoc-1", { routeTableId: "rtb-00000000000000001", subnetId: SUBNETS.publicA }],
        ["aws:ec2/routeTableAssociation:RouteTableAssociation", "platform-public-b", "rtbassoc-2", { routeTableId: "rtb-00000000000000001", subnetId: SUBNETS.publicB }],
        ["aws:ec2/securityGroup:SecurityGroup", "platform-endpoints", "sg-00000000000000001", { vpcId: "vpc-00000000000000001" }],
        ["aws:ec2/vpcEndpoint:VpcEndpoint", "platform-ecr.api", "vpce-00000000000000001", { vpcId: "vpc-00000000000000001", serviceName: "com.amazonaws.us-east-2.ecr.api", vpcEndpointType: "Interface", subnetIds: [SUBNETS.privateA, SUBNETS.privateB] }],
        ["aws:ec2/vpcEndpoint:VpcEndpoint", "platform-s3", "vpce-00000000000000002", { vpcId: "vpc-00000000000000001", serviceName: "com.amazonaws.us-east-2.s3", vpcEndpointType: "Gateway" }],
        ["aws:cloudwatch/logGroup:LogGroup", "platform-flow-logs", "/aws/vpc/flow-logs-dev", { name: "/aws/vpc/flow-logs-dev", retentionInDays: 30, kmsKeyId: KEY(KEYS.logs) }],
      ],
      outputs: { vpcId: "vpc-00000000000000001", publicSubnetIds: [SUBNETS.publicA, SUBNETS.publicB], privateSubnetIds: [SUBNETS.privateA, SUBNETS.privateB] },
    },
    data: {
      references: ["organization/fin-security/dev", "organization/fin-network/dev"],
      resources: [
        ["aws:rds/subnetGroup:SubnetGroup", "platform", "db-subnets-dev", { name: "db-subnets-dev", subnetIds: [SUBNETS.privateA, SUBNETS.privateB] }],
        [
          "aws:rds/cluster:Cluster",
          "platform",
          "aurora-dev",
          { clusterIdentifier: "aurora-dev", engine: "aurora-postgresql", dbSubnetGroupName: "db-subnets-dev", kmsKeyId: KEY(KEYS.database), masterUserSecretKmsKeyId: KEY(KEYS.database), manageMasterUserPassword: true, serverlessv2ScalingConfiguration: { minCapacity: 0.5, maxCapacity: 16 } },
        ],
        ["aws:rds/clusterInstance:ClusterInstance", "platform-writer", "aurora-dev-writer", { clusterIdentifier: "aurora-dev", instanceClass: "db.serverless", performanceInsightsKmsKeyId: KEY(KEYS.database) }],
        ["aws:rds/clusterInstance:ClusterInstance", "platform-reader", "aurora-dev-reader", { clusterIdentifier: "aurora-dev", instanceClass: "db.serverless" }],
        ["aws:s3/bucket:Bucket", "raw", "fin-raw-dev", { bucket: "fin-raw-dev", forceDestroy: true }],
        ["aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", "raw", "fin-raw-dev", { bucket: "fin-raw-dev", rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: KEY(KEYS.storage) }, bucketKeyEnabled: true }] }],
        ["aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", "raw", "fin-raw-dev", { bucket: "fin-raw-dev", rules: [{ id: "glacier", status: "Enabled", transitions: [{ days: 90, storageClass: "GLACIER" }] }] }],
        ["aws:kinesis/stream:Stream", "ingest", STREAM, { name: "ingest-dev", streamModeDetails: { streamMode: "ON_DEMAND" }, retentionPeriod: 168, encryptionType: "KMS", kmsKeyId: KEY(KEYS.storage) }],
        ["aws:backup/vault:Vault", "platform", "backup-vault-dev", { name: "backup-vault-dev", kmsKeyArn: KEY(KEYS.database) }],
        ["aws:secretsmanager/secret:Secret", "api", "arn:aws:secretsmanager:us-east-2:123456789012:secret:api-dev-abcdef", { name: "api-dev", kmsKeyId: KEY(KEYS.database) }],
      ],
      outputs: { clusterArn: "arn:aws:rds:us-east-2:123456789012:cluster:aurora-dev", clusterResourceId: "cluster-ABCDEFGHIJKLMNOP", rawBucketName: "fin-raw-dev", streamArn: STREAM },
    },
    compute: {
      references: ["organization/fin-security/dev", "organization/fin-network/dev", "organization/fin-data/dev"],
      resources: [
        ["aws:ecs/cluster:Cluster", "platform", CLUSTER, { name: "cluster-dev", settings: [{ name: "containerInsights", value: "enabled" }] }],
        ["aws:iam/role:Role", "task", "task-role-dev", { name: "task-role-dev", tags: { service: "app", grants: "database:connect raw:write stream:write", calls: "" } }],
        ["aws:iam/role:Role", "execution", "execution-role-dev", { name: "execution-role-dev" }],
        ["aws:iam/rolePolicy:RolePolicy", "task", "task-role-dev:data", { role: "task-role-dev", policy: JSON.stringify({ Statement: [{ Action: ["s3:PutObject"], Resource: ["arn:aws:s3:::fin-raw-dev/*"] }, { Action: ["kinesis:PutRecord"], Resource: [STREAM] }, { Action: ["rds-db:connect"], Resource: ["arn:aws:rds-db:us-east-2:123456789012:dbuser:cluster-ABCDEFGHIJKLMNOP/app"] }] }) }],
        ["aws:ecs/taskDefinition:TaskDefinition", "app", "app-dev", { family: "app-dev", tags: { service: "app" }, cpu: "2048", memory: "4096", taskRoleArn: "arn:aws:iam::123456789012:role/task-role-dev", executionRoleArn: "arn:aws:iam::123456789012:role/execution-role-dev" }],
        ["aws:lb/loadBalancer:LoadBalancer", "platform", ALB, { name: "alb-dev", loadBalancerType: "application", subnets: [SUBNETS.publicA, SUBNETS.publicB] }],
        ["aws:lb/targetGroup:TargetGroup", "app", TG, { name: "tg-dev", port: 8080 }],
        ["aws:lb/listener:Listener", "https", "arn:listener/1", { loadBalancerArn: ALB, defaultActions: [{ type: "forward", targetGroupArn: TG }] }],
        [
          "aws:ecs/service:Service",
          "app",
          "arn:aws:ecs:us-east-2:123456789012:service/cluster-dev/app-dev",
          {
            name: "app-dev",
            tags: { service: "app" },
            cluster: CLUSTER,
            taskDefinition: "arn:aws:ecs:us-east-2:123456789012:task-definition/app-dev:1",
            desiredCount: 3,
            capacityProviderStrategies: [{ capacityProvider: "FARGATE", base: 1, weight: 0 }, { capacityProvider: "FARGATE_SPOT", weight: 1 }],
            networkConfiguration: { subnets: [SUBNETS.privateA, SUBNETS.privateB], assignPublicIp: false },
            loadBalancers: [{ targetGroupArn: TG, containerName: "app", containerPort: 8080 }],
          },
        ],
        ["aws:appautoscaling/target:Target", "app", "service/cluster-dev/app-dev", { resourceId: "service/cluster-dev/app-dev", minCapacity: 2, maxCapacity: 6, scalableDimension: "ecs:service:DesiredCount", tags: { service: "app" } }],
        ["aws:appautoscaling/policy:Policy", "app-cpu", "app-cpu", { policyType: "TargetTrackingScaling", resourceId: "service/cluster-dev/app-dev" }],
        ["aws:ecr/repository:Repository", "app", "app-dev-repo", { name: "app-dev-repo", tags: { service: "app" }, encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: KEY(KEYS.storage) }] }],
        ["aws:cloudwatch/logGroup:LogGroup", "app", "/ecs/app-dev", { name: "/ecs/app-dev", retentionInDays: 30, kmsKeyId: KEY(KEYS.logs), tags: JSON.stringify({ service: "app" }) }],
        ["aws:wafv2/webAcl:WebAcl", "edge", "waf-dev", { scope: "REGIONAL" }],
      ],
    },
  };
}

const PROJECTS: Record<Layer, string> = { security: "fin-security", network: "fin-network", data: "fin-data", compute: "fin-compute" };

/** The `pulumi preview --json` document of one fixture layer, as the synth writes it. */
export function planOf(layer: Layer, spec: FixtureLayer, stack = "dev"): Plan {
  const provider: Record<string, unknown> = { region: "us-east-2", ...(spec.profile ? { defaultTags: JSON.stringify({ tags: { environment: stack, "environment-profile": spec.profile } }) } : {}) };
  const project = PROJECTS[layer];
  const stackUrn = `urn:pulumi:${stack}::${project}::pulumi:pulumi:Stack::${project}-${stack}`;
  const step = (op: "create" | "read", type: string, name: string, custom: boolean, inputs: Record<string, unknown>, id?: string): PlanStep => {
    const urn = `urn:pulumi:${stack}::${project}::${type}::${name}`;
    return {
      op,
      urn,
      newState: { urn, type, custom, ...(id ? { id } : {}), parent: stackUrn, protect: false, retainOnDelete: false, dependencies: [], inputs },
    };
  };
  return {
    steps: [
      step("create", "pulumi:pulumi:Stack", `${project}-${stack}`, false, {}),
      step("create", "pulumi:providers:aws", "aws-us-east-2", true, provider, "provider-id"),
      ...(spec.references ?? []).map((ref) => step("read", "pulumi:pulumi:StackReference", ref, true, { name: ref }, ref)),
      step("create", `fin:${layer}:Component`, "platform", false, {}),
      ...spec.resources.map(([type, name, id, inputs]) => step("create", type, name, true, inputs, id)),
    ],
    changeSummary: {},
  };
}

export function environmentOf(f: Fixture, stack = "dev"): Environment {
  return {
    stack,
    layers: LAYERS.map((layer) => layerPlan(layer, planOf(layer, f[layer], stack), { project: PROJECTS[layer], stack }, f[layer].outputs ?? {})),
  };
}

/** Writes the fixture as synth would (`dist/<stack>/<layer>/{preview,synth,mock-outputs}.json`) into a scratch dir. */
export function writeDist(f: Partial<Fixture>, stack = "dev", root = scratchDir("report-")): string {
  for (const layer of LAYERS.filter((l) => f[l] !== undefined)) {
    const spec = f[layer] as FixtureLayer;
    const dir = path.join(root, "dist", stack, layer);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "preview.json"), JSON.stringify(planOf(layer, spec, stack)));
    fs.writeFileSync(path.join(dir, "synth.json"), JSON.stringify({ project: PROJECTS[layer], stack }));
    fs.writeFileSync(path.join(dir, "mock-outputs.json"), JSON.stringify(spec.outputs ?? {}));
  }
  return root;
}

export const DATA_DIR = path.resolve(__dirname, "..", "data");

/** The shared network host of the guest fixture (issue 18). */
export const HOST = "pr-shared";
const HOST_SGS = { alb: "sg-0a000000000000001", database: "sg-0d000000000000001" };

/**
 * The shared-network case: the fixture as the ephemeral `pr-1` whose network layer is a guest of
 * `pr-shared` (a StackReference to fin-network/pr-shared, only its own ALB and database security
 * groups and the ALB's ingress rules, the host's outputs re-exported with its own groups), and the
 * host: the fixture's security and network layers (one interface endpoint in 2 AZs, the flow-log
 * group, three keys), with no profile tag of its own.
 */
export function sharedNetworkFixture(): { guest: Fixture; host: Pick<Fixture, "security" | "network"> } {
  const owned = fixture();
  const vpcId = "vpc-00000000000000001";
  const guest: Fixture = {
    ...owned,
    network: {
      profile: "ephemeral",
      references: ["organization/fin-security/pr-1", `organization/fin-network/${HOST}`],
      resources: [
        ["aws:ec2/securityGroup:SecurityGroup", "alb", HOST_SGS.alb, { vpcId, name: "alb-pr-1", description: "the ALB" }],
        ["aws:ec2/securityGroup:SecurityGroup", "database", HOST_SGS.database, { vpcId, name: "database-pr-1", description: "Aurora" }],
        ["aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "alb-https", "sgr-1", { securityGroupId: HOST_SGS.alb, ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: "0.0.0.0/0" }],
      ],
      outputs: { ...owned.network.outputs, albSecurityGroupId: HOST_SGS.alb, databaseSecurityGroupId: HOST_SGS.database },
    },
    data: { ...owned.data, profile: "ephemeral", references: owned.data.references?.map((r) => r.replace(/\/dev$/, "/pr-1")) },
    compute: { ...owned.compute, profile: "ephemeral", references: owned.compute.references?.map((r) => r.replace(/\/dev$/, "/pr-1")) },
  };
  return { guest, host: { security: owned.security, network: { ...owned.network, references: [`organization/fin-security/${HOST}`] } } };
}
