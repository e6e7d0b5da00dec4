import * as fs from "node:fs";
import * as path from "node:path";
import { CreateBackupPlanCommand, CreateBackupVaultCommand } from "@aws-sdk/client-backup";
import { CreateLogGroupCommand, PutRetentionPolicyCommand } from "@aws-sdk/client-cloudwatch-logs";
import {
  AssociateRouteTableCommand,
  AttachInternetGatewayCommand,
  CreateInternetGatewayCommand,
  CreateRouteCommand,
  CreateRouteTableCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  CreateVpcEndpointCommand,
  ModifySubnetAttributeCommand,
  ModifyVpcAttributeCommand,
  VpcEndpointType,
} from "@aws-sdk/client-ec2";
import {
  CapacityProviderStrategyItem,
  ContainerDefinition,
  CreateClusterCommand,
  CreateServiceCommand,
  RegisterTaskDefinitionCommand,
  RegisterTaskDefinitionCommandInput,
} from "@aws-sdk/client-ecs";
import { CreateStreamCommand, IncreaseStreamRetentionPeriodCommand, StartStreamEncryptionCommand, StreamMode } from "@aws-sdk/client-kinesis";
import { CreateAliasCommand, CreateKeyCommand, EnableKeyRotationCommand, KeySpec, KeyUsageType } from "@aws-sdk/client-kms";
import { CreateDBClusterCommand, CreateDBInstanceCommand, CreateDBSubnetGroupCommand } from "@aws-sdk/client-rds";
import {
  CreateBucketCommand,
  LifecycleRule,
  PutBucketEncryptionCommand,
  PutBucketLifecycleConfigurationCommand,
  PutBucketVersioningCommand,
  PutPublicAccessBlockCommand,
  ServerSideEncryptionRule,
  TransitionDefaultMinimumObjectSize,
} from "@aws-sdk/client-s3";
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { LAYERS, Layer } from "@fin/config";
import type { ComputeOutputs, DataOutputs, NetworkOutputs, SecurityOutputs, ServiceOutputs } from "@fin/contracts";
import { AwsClients, createClients, destroyClients } from "./clients";
import type { CliIo } from "./cli";
import type { DeployedOutputs } from "./layers";
import { outputsPath } from "./outputs";
import { IdMap, PlanError, PlannedResource, SynthesizedPlans, input, pick, planned, plannedFor, plannedOne, readSynthesizedPlans, required } from "./plan";

// What is seeded is what the checks read; IAM, the ALB, ECR, security group rules, flow logs,
// bucket policies/logging/ownership and the RDS parameter group are not (no check reads them, and
// this library has no clients for most). Their outputs keep the plan's values, account swapped.

type Plans = SynthesizedPlans;

const str = (r: PlannedResource, key: string) => input(r, key) as string | undefined;
const num = (r: PlannedResource, key: string) => input(r, key) as number | undefined;
const bool = (r: PlannedResource, key: string) => input(r, key) as boolean | undefined;
const records = (r: PlannedResource, key: string) => required(r, key, "array") as Record<string, unknown>[];

async function seedKeys(aws: AwsClients, plans: Plans, ids: IdMap): Promise<SecurityOutputs> {
  for (const key of planned(plans, "security", "aws:kms/key:Key")) {
    const { KeyMetadata } = await aws.kms.send(
      new CreateKeyCommand({
        Description: str(key, "description"),
        KeyUsage: str(key, "keyUsage") as KeyUsageType | undefined,
        KeySpec: str(key, "customerMasterKeySpec") as KeySpec | undefined,
      }),
    );
    if (bool(key, "enableKeyRotation")) {
      await aws.kms.send(new EnableKeyRotationCommand({ KeyId: KeyMetadata!.KeyId }));
    }
    ids.set(key.id, KeyMetadata!.KeyId!);
    ids.set(`arn:aws:kms:${plans.region}:${plans.account}:key/${key.id}`, KeyMetadata!.Arn!);
  }
  for (const alias of planned(plans, "security", "aws:kms/alias:Alias")) {
    await aws.kms.send(new CreateAliasCommand({ AliasName: required(alias, "name", "string"), TargetKeyId: ids.id(required(alias, "targetKeyId", "string")) }));
  }
  return ids.translate(plans.outputs.security);
}

async function seedLogGroups(aws: AwsClients, plans: Plans, layer: Layer, ids: IdMap): Promise<void> {
  for (const group of planned(plans, layer, "aws:cloudwatch/logGroup:LogGroup")) {
    const logGroupName = ids.name(required(group, "name", "string"));
    await aws.logs.send(new CreateLogGroupCommand({ logGroupName, kmsKeyId: ids.translate(str(group, "kmsKeyId")) }));
    await aws.logs.send(new PutRetentionPolicyCommand({ logGroupName, retentionInDays: required(group, "retentionInDays", "number") }));
  }
}

async function seedNetwork(aws: AwsClients, plans: Plans, ids: IdMap): Promise<NetworkOutputs> {
  const vpc = plannedOne(plans, "network", "aws:ec2/vpc:Vpc");
  const { Vpc } = await aws.ec2.send(new CreateVpcCommand({ CidrBlock: required(vpc, "cidrBlock", "string") }));
  const vpcId = Vpc!.VpcId!;
  ids.set(vpc.id, vpcId);
  await aws.ec2.send(new ModifyVpcAttributeCommand({ VpcId: vpcId, EnableDnsSupport: { Value: bool(vpc, "enableDnsSupport") } }));
  await aws.ec2.send(new ModifyVpcAttributeCommand({ VpcId: vpcId, EnableDnsHostnames: { Value: bool(vpc, "enableDnsHostnames") } }));
  for (const igw of planned(plans, "network", "aws:ec2/internetGateway:InternetGateway")) {
    const { InternetGateway } = await aws.ec2.send(new CreateInternetGatewayCommand({}));
    await aws.ec2.send(new AttachInternetGatewayCommand({ VpcId: ids.id(str(igw, "vpcId")), InternetGatewayId: InternetGateway!.InternetGatewayId }));
    ids.set(igw.id, InternetGateway!.InternetGatewayId!);
  }
  for (const table of planned(plans, "network", "aws:ec2/routeTable:RouteTable")) {
    const { RouteTable } = await aws.ec2.send(new CreateRouteTableCommand({ VpcId: ids.id(str(table, "vpcId")) }));
    ids.set(table.id, RouteTable!.RouteTableId!);
  }
  for (const subnet of planned(plans, "network", "aws:ec2/subnet:Subnet")) {
    const { Subnet } = await aws.ec2.send(
      new CreateSubnetCommand({ VpcId: ids.id(str(subnet, "vpcId")), CidrBlock: required(subnet, "cidrBlock", "string"), AvailabilityZone: required(subnet, "availabilityZone", "string") }),
    );
    await aws.ec2.send(new ModifySubnetAttributeCommand({ SubnetId: Subnet!.SubnetId, MapPublicIpOnLaunch: { Value: bool(subnet, "mapPublicIpOnLaunch") === true } }));
    ids.set(subnet.id, Subnet!.SubnetId!);
  }
  for (const association of planned(plans, "network", "aws:ec2/routeTableAssociation:RouteTableAssociation")) {
    await aws.ec2.send(new AssociateRouteTableCommand({ RouteTableId: ids.id(str(association, "routeTableId")), SubnetId: ids.id(str(association, "subnetId")) }));
  }
  for (const route of planned(plans, "network", "aws:ec2/route:Route")) {
    await aws.ec2.send(
      new CreateRouteCommand({
        RouteTableId: ids.id(str(route, "routeTableId")),
        DestinationCidrBlock: required(route, "destinationCidrBlock", "string"),
        GatewayId: ids.id(required(route, "gatewayId", "string")),
      }),
    );
  }
  for (const group of planned(plans, "network", "aws:ec2/securityGroup:SecurityGroup")) {
    const { GroupId } = await aws.ec2.send(
      new CreateSecurityGroupCommand({ VpcId: ids.id(str(group, "vpcId")), GroupName: required(group, "name", "string"), Description: required(group, "description", "string") }),
    );
    ids.set(group.id, GroupId!);
  }
  for (const endpoint of planned(plans, "network", "aws:ec2/vpcEndpoint:VpcEndpoint")) {
    const { VpcEndpoint } = await aws.ec2.send(
      new CreateVpcEndpointCommand({
        VpcId: ids.id(str(endpoint, "vpcId")),
        VpcEndpointType: required(endpoint, "vpcEndpointType", "string") as VpcEndpointType,
        ServiceName: required(endpoint, "serviceName", "string"),
        RouteTableIds: ids.translate(input(endpoint, "routeTableIds") as string[] | undefined),
        SubnetIds: ids.translate(input(endpoint, "subnetIds") as string[] | undefined),
        SecurityGroupIds: ids.translate(input(endpoint, "securityGroupIds") as string[] | undefined),
        PrivateDnsEnabled: bool(endpoint, "privateDnsEnabled"),
      }),
    );
    ids.set(endpoint.id, VpcEndpoint!.VpcEndpointId!);
  }
  await seedLogGroups(aws, plans, "network", ids);
  return ids.translate(plans.outputs.network);
}

type Plain = Record<string, unknown>;

function lifecycleRule(rule: Plain): LifecycleRule {
  return {
    ID: pick(rule, "id") as string | undefined,
    Status: pick(rule, "status") as LifecycleRule["Status"],
    Filter: { Prefix: pick(rule, "filter.prefix") as string | undefined },
    Transitions: ((pick(rule, "transitions") ?? []) as Plain[]).map((t) => ({ Days: t["days"] as number, StorageClass: t["storageClass"] as "GLACIER" })),
    NoncurrentVersionTransitions: ((pick(rule, "noncurrentVersionTransitions") ?? []) as Plain[]).map((t) => ({
      NoncurrentDays: t["noncurrentDays"] as number,
      StorageClass: t["storageClass"] as "GLACIER",
    })),
    AbortIncompleteMultipartUpload: { DaysAfterInitiation: pick(rule, "abortIncompleteMultipartUpload.daysAfterInitiation") as number | undefined },
  };
}

/** Every bucket the layer plans, with the public access block, encryption, versioning and lifecycle the plan gives it. */
async function seedBuckets(aws: AwsClients, plans: Plans, layer: Layer, ids: IdMap): Promise<void> {
  const region = plans.region as "us-east-2";
  for (const planBucket of planned(plans, layer, "aws:s3/bucket:Bucket")) {
    const planName = required(planBucket, "bucket", "string");
    const Bucket = ids.name(planName);
    const settings = (type: string) => plannedFor(plans, layer, type, "bucket", planName);
    await aws.s3.send(new CreateBucketCommand({ Bucket, CreateBucketConfiguration: { LocationConstraint: region } }));
    const block = settings("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock");
    if (block) {
      await aws.s3.send(
        new PutPublicAccessBlockCommand({
          Bucket,
          PublicAccessBlockConfiguration: {
            BlockPublicAcls: bool(block, "blockPublicAcls"),
            IgnorePublicAcls: bool(block, "ignorePublicAcls"),
            BlockPublicPolicy: bool(block, "blockPublicPolicy"),
            RestrictPublicBuckets: bool(block, "restrictPublicBuckets"),
          },
        }),
      );
    }
    const encryption = settings("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration");
    if (encryption) {
      const Rules: ServerSideEncryptionRule[] = records(encryption, "rules").map((rule) => ({
        ApplyServerSideEncryptionByDefault: {
          SSEAlgorithm: pick(rule, "applyServerSideEncryptionByDefault.sseAlgorithm") as "aws:kms",
          KMSMasterKeyID: ids.translate(pick(rule, "applyServerSideEncryptionByDefault.kmsMasterKeyId") as string | undefined),
        },
        BucketKeyEnabled: rule["bucketKeyEnabled"] as boolean | undefined,
      }));
      await aws.s3.send(new PutBucketEncryptionCommand({ Bucket, ServerSideEncryptionConfiguration: { Rules } }));
    }
    const versioning = settings("aws:s3/bucketVersioning:BucketVersioning");
    if (versioning) {
      const Status = required(versioning, "versioningConfiguration.status", "string") as "Enabled";
      await aws.s3.send(new PutBucketVersioningCommand({ Bucket, VersioningConfiguration: { Status } }));
    }
    const lifecycle = settings("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration");
    if (lifecycle) {
      await aws.s3.send(
        new PutBucketLifecycleConfigurationCommand({
          Bucket,
          TransitionDefaultMinimumObjectSize: str(lifecycle, "transitionDefaultMinimumObjectSize") as TransitionDefaultMinimumObjectSize | undefined,
          LifecycleConfiguration: { Rules: records(lifecycle, "rules").map(lifecycleRule) },
        }),
      );
    }
  }
}

async function seedData(aws: AwsClients, plans: Plans, ids: IdMap): Promise<DataOutputs> {
  await seedLogGroups(aws, plans, "data", ids);
  const subnetGroup = plannedOne(plans, "data", "aws:rds/subnetGroup:SubnetGroup");
  await aws.rds.send(
    new CreateDBSubnetGroupCommand({
      DBSubnetGroupName: required(subnetGroup, "name", "string"),
      DBSubnetGroupDescription: required(subnetGroup, "description", "string"),
      SubnetIds: ids.many(required(subnetGroup, "subnetIds", "array")),
    }),
  );
  const c = plannedOne(plans, "data", "aws:rds/cluster:Cluster");
  const { DBCluster: cluster } = await aws.rds.send(
    new CreateDBClusterCommand({
      DBClusterIdentifier: required(c, "clusterIdentifier", "string"),
      Engine: required(c, "engine", "string"),
      EngineMode: str(c, "engineMode"),
      EngineVersion: str(c, "engineVersion"),
      DatabaseName: str(c, "databaseName"),
      MasterUsername: str(c, "masterUsername"),
      ManageMasterUserPassword: bool(c, "manageMasterUserPassword"),
      MasterUserSecretKmsKeyId: ids.translate(str(c, "masterUserSecretKmsKeyId")),
      StorageEncrypted: bool(c, "storageEncrypted"),
      KmsKeyId: ids.translate(str(c, "kmsKeyId")),
      BackupRetentionPeriod: num(c, "backupRetentionPeriod"),
      PreferredBackupWindow: str(c, "preferredBackupWindow"),
      PreferredMaintenanceWindow: str(c, "preferredMaintenanceWindow"),
      DeletionProtection: bool(c, "deletionProtection"),
      EnableIAMDatabaseAuthentication: bool(c, "iamDatabaseAuthenticationEnabled"),
      CopyTagsToSnapshot: bool(c, "copyTagsToSnapshot"),
      DBSubnetGroupName: str(c, "dbSubnetGroupName"),
      VpcSecurityGroupIds: ids.translate(input(c, "vpcSecurityGroupIds") as string[] | undefined),
      Port: num(c, "port"),
      EnableCloudwatchLogsExports: input(c, "enabledCloudwatchLogsExports") as string[] | undefined,
      ServerlessV2ScalingConfiguration: {
        MinCapacity: num(c, "serverlessv2ScalingConfiguration.minCapacity"),
        MaxCapacity: num(c, "serverlessv2ScalingConfiguration.maxCapacity"),
      },
    }),
  );
  for (const instance of planned(plans, "data", "aws:rds/clusterInstance:ClusterInstance")) {
    await aws.rds.send(
      new CreateDBInstanceCommand({
        DBInstanceIdentifier: required(instance, "identifier", "string"),
        DBClusterIdentifier: required(instance, "clusterIdentifier", "string"),
        DBInstanceClass: required(instance, "instanceClass", "string"),
        Engine: required(instance, "engine", "string"),
        AvailabilityZone: str(instance, "availabilityZone"),
        PubliclyAccessible: bool(instance, "publiclyAccessible"),
        PromotionTier: num(instance, "promotionTier"),
      }),
    );
  }
  await seedBuckets(aws, plans, "data", ids);
  const stream = plannedOne(plans, "data", "aws:kinesis/stream:Stream");
  const StreamName = required(stream, "name", "string");
  await aws.kinesis.send(new CreateStreamCommand({ StreamName, StreamModeDetails: { StreamMode: str(stream, "streamModeDetails.streamMode") as StreamMode } }));
  if (str(stream, "encryptionType") === "KMS") {
    await aws.kinesis.send(new StartStreamEncryptionCommand({ StreamName, EncryptionType: "KMS", KeyId: ids.translate(required(stream, "kmsKeyId", "string")) }));
  }
  // A new stream keeps 24 hours; only a longer planned retention needs the call.
  const retention = required(stream, "retentionPeriod", "number");
  if (retention > 24) {
    await aws.kinesis.send(new IncreaseStreamRetentionPeriodCommand({ StreamName, RetentionPeriodHours: retention }));
  }
  const planVault = plannedOne(plans, "data", "aws:backup/vault:Vault");
  const vault = await aws.backup.send(
    new CreateBackupVaultCommand({ BackupVaultName: required(planVault, "name", "string"), EncryptionKeyArn: ids.translate(str(planVault, "kmsKeyArn")) }),
  );
  const planBackup = plannedOne(plans, "data", "aws:backup/plan:Plan");
  const backupPlan = await aws.backup.send(
    new CreateBackupPlanCommand({
      BackupPlan: {
        BackupPlanName: required(planBackup, "name", "string"),
        Rules: records(planBackup, "rules").map((rule) => ({
          RuleName: rule["ruleName"] as string,
          TargetBackupVaultName: rule["targetVaultName"] as string,
          ScheduleExpression: rule["schedule"] as string | undefined,
          StartWindowMinutes: rule["startWindow"] as number | undefined,
          CompletionWindowMinutes: rule["completionWindow"] as number | undefined,
          Lifecycle: { DeleteAfterDays: pick(rule, "lifecycle.deleteAfter") as number | undefined },
        })),
      },
    }),
  );
  // Names come from the plan's outputs; what AWS assigns comes from the emulator's answers.
  return {
    ...ids.translate(plans.outputs.data),
    clusterArn: cluster!.DBClusterArn!,
    clusterResourceId: cluster!.DbClusterResourceId!,
    clusterEndpoint: cluster!.Endpoint!,
    readerEndpoint: cluster!.ReaderEndpoint!,
    masterSecretArn: cluster!.MasterUserSecret!.SecretArn!,
    backupVaultArn: vault.BackupVaultArn!,
    backupPlanId: backupPlan.BackupPlanId!,
    backupPlanArn: backupPlan.BackupPlanArn!,
  };
}

async function seedCompute(aws: AwsClients, plans: Plans, ids: IdMap): Promise<ComputeOutputs> {
  await seedLogGroups(aws, plans, "compute", ids);
  // Each catalog service's own security group (ADR 0017), which its ECS service names.
  for (const group of planned(plans, "compute", "aws:ec2/securityGroup:SecurityGroup")) {
    const { GroupId } = await aws.ec2.send(
      new CreateSecurityGroupCommand({ VpcId: ids.id(str(group, "vpcId")), GroupName: required(group, "name", "string"), Description: required(group, "description", "string") }),
    );
    ids.set(group.id, GroupId!);
  }
  const planCluster = plannedOne(plans, "compute", "aws:ecs/cluster:Cluster");
  const clusterName = required(planCluster, "name", "string");
  const providers = plannedOne(plans, "compute", "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders");
  const strategy = (items: unknown[]) => (items as CapacityProviderStrategyItem[]).map(({ capacityProvider, base, weight }) => ({ capacityProvider, base, weight }));
  const { cluster } = await aws.ecs.send(
    new CreateClusterCommand({
      clusterName,
      settings: input(planCluster, "settings") as { name: "containerInsights"; value: string }[] | undefined,
      capacityProviders: required(providers, "capacityProviders", "array") as string[],
      defaultCapacityProviderStrategy: strategy(required(providers, "defaultCapacityProviderStrategies", "array")),
    }),
  );
  ids.set(planCluster.id, cluster!.clusterArn!);
  // One task definition and ECS service per catalog service (ADR 0017), matched by the `service` tag.
  const exported = plans.outputs.compute.services;
  const services: Record<string, ServiceOutputs> = {};
  for (const planService of planned(plans, "compute", "aws:ecs/service:Service")) {
    const name = required(planService, "tags.service", "string");
    const task = planned(plans, "compute", "aws:ecs/taskDefinition:TaskDefinition").find((t) => input(t, "tags.service") === name);
    if (task === undefined) {
      throw new PlanError(`the compute plan has no aws:ecs/taskDefinition:TaskDefinition tagged service=${name}`);
    }
    const { taskDefinition } = await aws.ecs.send(
      new RegisterTaskDefinitionCommand({
        family: required(task, "family", "string"),
        cpu: str(task, "cpu"),
        memory: str(task, "memory"),
        networkMode: str(task, "networkMode") as RegisterTaskDefinitionCommandInput["networkMode"],
        requiresCompatibilities: input(task, "requiresCompatibilities") as RegisterTaskDefinitionCommandInput["requiresCompatibilities"],
        runtimePlatform: input(task, "runtimePlatform") as RegisterTaskDefinitionCommandInput["runtimePlatform"],
        executionRoleArn: ids.translate(str(task, "executionRoleArn")),
        taskRoleArn: ids.translate(str(task, "taskRoleArn")),
        // The plan's container definitions as ECS takes them; their environment and secrets name the
        // plan's computed endpoint and secret, which no check reads.
        containerDefinitions: JSON.parse(ids.name(required(task, "containerDefinitions", "string"))) as ContainerDefinition[],
        volumes: input(task, "volumes") as RegisterTaskDefinitionCommandInput["volumes"],
      }),
    );
    const outputs = exported[name];
    if (outputs === undefined) {
      throw new PlanError(`the compute plan's services output has no entry ${name}`);
    }
    ids.set(outputs.taskDefinitionArn, taskDefinition!.taskDefinitionArn!);
    // The ALB target group is not seeded (no ELB client here), so the service has no load balancer.
    const { service } = await aws.ecs.send(
      new CreateServiceCommand({
        cluster: ids.id(str(planService, "cluster")),
        serviceName: required(planService, "name", "string"),
        taskDefinition: ids.id(str(planService, "taskDefinition")),
        desiredCount: num(planService, "desiredCount"),
        capacityProviderStrategy: strategy(required(planService, "capacityProviderStrategies", "array")),
        networkConfiguration: {
          awsvpcConfiguration: {
            subnets: ids.many(required(planService, "networkConfiguration.subnets", "array")),
            securityGroups: ids.translate(input(planService, "networkConfiguration.securityGroups") as string[] | undefined),
            assignPublicIp: bool(planService, "networkConfiguration.assignPublicIp") ? "ENABLED" : "DISABLED",
          },
        },
        platformVersion: str(planService, "platformVersion"),
        enableExecuteCommand: bool(planService, "enableExecuteCommand"),
      }),
    );
    services[name] = { ...ids.translate(outputs), serviceArn: service!.serviceArn!, taskDefinitionArn: taskDefinition!.taskDefinitionArn! };
  }
  await seedBuckets(aws, plans, "compute", ids);
  return { ...ids.translate(plans.outputs.compute), clusterArn: cluster!.clusterArn!, services };
}

/**
 * Creates in an emulator, through the SDK, what a deployment of the synthesized plans leaves behind
 * (the resources the checks read, with the plan's names and settings) and returns the outputs each
 * layer would export: the plan's outputs with the emulator's ids and account.
 */
export async function seedEmulator(aws: AwsClients, plans: SynthesizedPlans): Promise<DeployedOutputs> {
  const { Account } = await aws.sts.send(new GetCallerIdentityCommand({}));
  const ids = new IdMap(plans.account, Account!);
  const security = await seedKeys(aws, plans, ids);
  const network = await seedNetwork(aws, plans, ids);
  const data = await seedData(aws, plans, ids);
  const compute = await seedCompute(aws, plans, ids);
  return { security, network, data, compute };
}

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);

/** True only for an http(s) URL on this machine. */
export function isLoopbackEndpoint(endpoint: string | undefined): boolean {
  try {
    return LOOPBACK.has(new URL(endpoint ?? "").hostname);
  } catch {
    return false;
  }
}

/**
 * `seed-emulator [--stack=<env>] [--dist=dist] [--force]`: seeds the emulator AWS_ENDPOINT_URL
 * points at from the synthesized plans in `--dist` and writes every layer's `outputs.<env>.json` there,
 * as `deploy` would. Refuses any endpoint that is not loopback so it can never create resources in a
 * real account.
 */
export async function seedEmulatorCli(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  io: CliIo,
  workspaceRoot: string,
): Promise<number> {
  const flags = new Map(argv.filter((a) => a.startsWith("--")).map((a) => a.slice(2).split("=") as [string, string | undefined]));
  const endpoint = env.AWS_ENDPOINT_URL;
  if (!endpoint || !isLoopbackEndpoint(endpoint)) {
    io.err(`seed-emulator creates resources, so it only runs against a local emulator: set AWS_ENDPOINT_URL=http://127.0.0.1:<port> (got ${endpoint ?? "nothing"})`);
    return 2;
  }
  const distRoot = path.resolve(workspaceRoot, flags.get("dist") ?? "dist");
  const stack = flags.get("stack") ?? "dev";
  let plans: SynthesizedPlans;
  try {
    plans = readSynthesizedPlans(distRoot, stack, workspaceRoot);
  } catch (error) {
    io.err(`seed-emulator needs the synthesized plans: ${(error as PlanError).message}`);
    return 1;
  }
  const shownDist = path.relative(workspaceRoot, path.join(distRoot, stack));
  if (env.AWS_REGION && env.AWS_REGION !== plans.region) {
    io.err(`seed-emulator: AWS_REGION=${env.AWS_REGION} but the ${stack} plans are for ${plans.region}; unset AWS_REGION or set it to ${plans.region}`);
    return 2;
  }
  // Never overwrite what a real `deploy` wrote unless asked to.
  const existing = LAYERS.map((layer) => outputsPath(distRoot, layer, stack)).filter((file) => fs.existsSync(file));
  if (existing.length > 0 && !flags.has("force")) {
    io.err(`seed-emulator would overwrite ${existing.map((f) => path.relative(workspaceRoot, f)).join(", ")}; pass --force to replace them`);
    return 2;
  }
  const region = plans.region;
  const aws = createClients({ region, endpoint, credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID ?? "testing", secretAccessKey: env.AWS_SECRET_ACCESS_KEY ?? "testing" } });
  try {
    const outputs = await seedEmulator(aws, plans);
    const account = outputs.data.clusterArn.split(":")[4];
    for (const layer of LAYERS) {
      const file = outputsPath(distRoot, layer, stack);
      fs.writeFileSync(file, `${JSON.stringify(outputs[layer], null, 2)}\n`);
      io.out(`${layer}: ${path.relative(workspaceRoot, file)}`);
    }
    io.out(`seeded ${endpoint} from the ${stack} plans in ${shownDist} (account ${account}, region ${region})`);
    return 0;
  } catch (error) {
    io.err(`seed-emulator failed at ${endpoint}: ${(error as Error).name}: ${(error as Error).message}`);
    return 1;
  } finally {
    destroyClients(aws);
  }
}
