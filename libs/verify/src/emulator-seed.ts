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
  ModifyVpcAttributeCommand,
} from "@aws-sdk/client-ec2";
import { CreateClusterCommand, CreateServiceCommand, RegisterTaskDefinitionCommand } from "@aws-sdk/client-ecs";
import { CreateStreamCommand, IncreaseStreamRetentionPeriodCommand, StartStreamEncryptionCommand } from "@aws-sdk/client-kinesis";
import { CreateAliasCommand, CreateKeyCommand, EnableKeyRotationCommand } from "@aws-sdk/client-kms";
import { CreateDBClusterCommand, CreateDBInstanceCommand, CreateDBSubnetGroupCommand } from "@aws-sdk/client-rds";
import {
  CreateBucketCommand,
  PutBucketEncryptionCommand,
  PutBucketLifecycleConfigurationCommand,
  PutBucketVersioningCommand,
  PutPublicAccessBlockCommand,
} from "@aws-sdk/client-s3";
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { LAYERS, REQUIREMENTS } from "@fin/config";
import type { ComputeOutputs, DataOutputs, NetworkOutputs, SecurityOutputs } from "@fin/contracts";
import { physicalName } from "@fin/naming";
import { AwsClients, createClients, destroyClients } from "./clients";
import type { CliIo } from "./cli";
import type { DeployedOutputs } from "./layers";
import { outputsPath } from "./outputs";

/** Interface endpoints a deployment of the network layer leaves behind (see aws-pitfalls.md #2). */
export const SEEDED_INTERFACE_ENDPOINTS = ["ecr.api", "ecr.dkr", "logs", "monitoring", "secretsmanager", "kinesis-streams"] as const;

const APP_PORT = 8080;
const DATABASE_PORT = 5432;

async function seedSecurity(aws: AwsClients, suffix: string): Promise<SecurityOutputs> {
  const keys: Record<string, string> = {};
  for (const purpose of ["database", "logs", "storage", "backup"] as const) {
    const { KeyMetadata } = await aws.kms.send(new CreateKeyCommand({ Description: `${purpose}-key-${suffix}` }));
    await aws.kms.send(new EnableKeyRotationCommand({ KeyId: KeyMetadata!.KeyId }));
    const alias = physicalName("kmsAlias", `${purpose}-key`, suffix);
    await aws.kms.send(new CreateAliasCommand({ AliasName: alias, TargetKeyId: KeyMetadata!.KeyId }));
    Object.assign(keys, { [`${purpose}KeyArn`]: KeyMetadata!.Arn, [`${purpose}KeyId`]: KeyMetadata!.KeyId, [`${purpose}KeyAlias`]: alias });
  }
  return keys as unknown as SecurityOutputs;
}

async function logGroup(aws: AwsClients, name: string, kmsKeyArn: string): Promise<string> {
  await aws.logs.send(new CreateLogGroupCommand({ logGroupName: name, kmsKeyId: kmsKeyArn }));
  await aws.logs.send(new PutRetentionPolicyCommand({ logGroupName: name, retentionInDays: REQUIREMENTS.logRetentionDays }));
  return name;
}

async function seedNetwork(aws: AwsClients, suffix: string, region: string, security: SecurityOutputs): Promise<NetworkOutputs> {
  const vpcCidr = "10.0.0.0/16";
  const { Vpc } = await aws.ec2.send(new CreateVpcCommand({ CidrBlock: vpcCidr }));
  const vpcId = Vpc!.VpcId!;
  await aws.ec2.send(new ModifyVpcAttributeCommand({ VpcId: vpcId, EnableDnsSupport: { Value: true } }));
  await aws.ec2.send(new ModifyVpcAttributeCommand({ VpcId: vpcId, EnableDnsHostnames: { Value: true } }));
  const availabilityZones = ["a", "b", "c"].slice(0, REQUIREMENTS.availabilityZoneCount).map((z) => `${region}${z}`);
  const subnet = async (cidr: string, az: string) =>
    (await aws.ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: cidr, AvailabilityZone: az }))).Subnet!.SubnetId!;
  const publicSubnetIds: string[] = [];
  const privateSubnetIds: string[] = [];
  const privateRouteTableIds: string[] = [];
  const { InternetGateway } = await aws.ec2.send(new CreateInternetGatewayCommand({}));
  await aws.ec2.send(new AttachInternetGatewayCommand({ VpcId: vpcId, InternetGatewayId: InternetGateway!.InternetGatewayId }));
  const { RouteTable: publicTable } = await aws.ec2.send(new CreateRouteTableCommand({ VpcId: vpcId }));
  // Only the public route table reaches the internet gateway (for the ALB).
  await aws.ec2.send(new CreateRouteCommand({ RouteTableId: publicTable!.RouteTableId, DestinationCidrBlock: "0.0.0.0/0", GatewayId: InternetGateway!.InternetGatewayId }));
  for (const [i, az] of availabilityZones.entries()) {
    const publicId = await subnet(`10.0.${i}.0/24`, az);
    await aws.ec2.send(new AssociateRouteTableCommand({ RouteTableId: publicTable!.RouteTableId, SubnetId: publicId }));
    publicSubnetIds.push(publicId);
    const privateId = await subnet(`10.0.${16 + i * 16}.0/20`, az);
    const { RouteTable } = await aws.ec2.send(new CreateRouteTableCommand({ VpcId: vpcId }));
    await aws.ec2.send(new AssociateRouteTableCommand({ RouteTableId: RouteTable!.RouteTableId, SubnetId: privateId }));
    privateSubnetIds.push(privateId);
    privateRouteTableIds.push(RouteTable!.RouteTableId!);
  }
  const securityGroup = async (role: string) =>
    (await aws.ec2.send(new CreateSecurityGroupCommand({ VpcId: vpcId, GroupName: physicalName("securityGroup", role, suffix), Description: `${role} security group` }))).GroupId!;
  const albSecurityGroupId = await securityGroup("alb");
  const taskSecurityGroupId = await securityGroup("task");
  const databaseSecurityGroupId = await securityGroup("database");
  const endpointSecurityGroupId = await securityGroup("endpoint");
  const { VpcEndpoint: s3Endpoint } = await aws.ec2.send(
    new CreateVpcEndpointCommand({ VpcId: vpcId, VpcEndpointType: "Gateway", ServiceName: `com.amazonaws.${region}.s3`, RouteTableIds: privateRouteTableIds }),
  );
  const interfaceEndpointIds: Record<string, string> = {};
  for (const service of SEEDED_INTERFACE_ENDPOINTS) {
    const { VpcEndpoint } = await aws.ec2.send(
      new CreateVpcEndpointCommand({
        VpcId: vpcId,
        VpcEndpointType: "Interface",
        ServiceName: `com.amazonaws.${region}.${service}`,
        SubnetIds: privateSubnetIds,
        SecurityGroupIds: [endpointSecurityGroupId],
        PrivateDnsEnabled: true,
      }),
    );
    interfaceEndpointIds[service] = VpcEndpoint!.VpcEndpointId!;
  }
  return {
    vpcId,
    vpcCidr,
    availabilityZones,
    publicSubnetIds,
    privateSubnetIds,
    privateRouteTableIds,
    albSecurityGroupId,
    taskSecurityGroupId,
    databaseSecurityGroupId,
    endpointSecurityGroupId,
    appPort: APP_PORT,
    databasePort: DATABASE_PORT,
    s3GatewayEndpointId: s3Endpoint!.VpcEndpointId!,
    interfaceEndpointIds,
    flowLogGroupName: await logGroup(aws, physicalName("logGroup", "/aws/vpc/flow-logs", suffix), security.logsKeyArn),
  };
}

async function bucket(aws: AwsClients, name: string, region: string, kmsKeyArn?: string): Promise<string> {
  await aws.s3.send(new CreateBucketCommand({ Bucket: name, CreateBucketConfiguration: { LocationConstraint: region as "us-east-2" } }));
  await aws.s3.send(
    new PutPublicAccessBlockCommand({
      Bucket: name,
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true },
    }),
  );
  const byDefault = kmsKeyArn ? { SSEAlgorithm: "aws:kms" as const, KMSMasterKeyID: kmsKeyArn } : { SSEAlgorithm: "AES256" as const };
  await aws.s3.send(
    new PutBucketEncryptionCommand({ Bucket: name, ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: byDefault, BucketKeyEnabled: true }] } }),
  );
  await aws.s3.send(new PutBucketVersioningCommand({ Bucket: name, VersioningConfiguration: { Status: "Enabled" } }));
  return name;
}

async function bucketWithLifecycle(aws: AwsClients, name: string, region: string, kmsKeyArn?: string): Promise<string> {
  await bucket(aws, name, region, kmsKeyArn);
  const days = REQUIREMENTS.glacierTransitionDays;
  await aws.s3.send(
    new PutBucketLifecycleConfigurationCommand({
      Bucket: name,
      TransitionDefaultMinimumObjectSize: "varies_by_storage_class",
      LifecycleConfiguration: {
        Rules: [
          {
            ID: "glacier-after-90-days",
            Status: "Enabled",
            Filter: { Prefix: "" },
            Transitions: [{ Days: days, StorageClass: "GLACIER" }],
            NoncurrentVersionTransitions: [{ NoncurrentDays: days, StorageClass: "GLACIER" }],
            AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 },
          },
        ],
      },
    }),
  );
  return name;
}

async function seedData(aws: AwsClients, suffix: string, region: string, account: string, security: SecurityOutputs, network: NetworkOutputs): Promise<DataOutputs> {
  const subnetGroup = physicalName("dbSubnetGroup", "analytics", suffix);
  await aws.rds.send(new CreateDBSubnetGroupCommand({ DBSubnetGroupName: subnetGroup, DBSubnetGroupDescription: "Aurora private subnets", SubnetIds: network.privateSubnetIds }));
  const clusterIdentifier = physicalName("rdsIdentifier", "aurora-analytics", suffix);
  const databaseLogGroupName = await logGroup(aws, `/aws/rds/cluster/${clusterIdentifier}/postgresql`, security.logsKeyArn);
  const { DBCluster: cluster } = await aws.rds.send(
    new CreateDBClusterCommand({
      DBClusterIdentifier: clusterIdentifier,
      Engine: "aurora-postgresql",
      EngineMode: "provisioned",
      EngineVersion: "16.4",
      DatabaseName: physicalName("rdsDatabaseName", "analytics", suffix),
      MasterUsername: "dbadmin",
      ManageMasterUserPassword: true,
      MasterUserSecretKmsKeyId: security.databaseKeyArn,
      StorageEncrypted: true,
      KmsKeyId: security.databaseKeyArn,
      BackupRetentionPeriod: REQUIREMENTS.backupRetentionDays,
      DeletionProtection: false,
      EnableIAMDatabaseAuthentication: true,
      DBSubnetGroupName: subnetGroup,
      VpcSecurityGroupIds: [network.databaseSecurityGroupId],
      Port: network.databasePort,
      EnableCloudwatchLogsExports: ["postgresql"],
      ServerlessV2ScalingConfiguration: { MinCapacity: 0.5, MaxCapacity: 4 },
    }),
  );
  // Writer and reader in different AZs.
  for (const [i, az] of network.availabilityZones.slice(0, 2).entries()) {
    await aws.rds.send(
      new CreateDBInstanceCommand({
        DBInstanceIdentifier: `${clusterIdentifier}-${i + 1}`,
        DBClusterIdentifier: clusterIdentifier,
        DBInstanceClass: "db.serverless",
        Engine: "aurora-postgresql",
        AvailabilityZone: az,
        PubliclyAccessible: false,
      }),
    );
  }
  // Bucket names carry the account id, as the data layer builds them (S3 names are global).
  const rawBucketName = await bucketWithLifecycle(aws, `raw-data-${suffix}-${account}`, region, security.storageKeyArn);
  const processedBucketName = await bucketWithLifecycle(aws, `processed-analytics-${suffix}-${account}`, region, security.storageKeyArn);
  // S3 server access logs can only be delivered to an SSE-S3 bucket.
  const accessLogBucketName = await bucketWithLifecycle(aws, `s3-access-logs-${suffix}-${account}`, region);
  const streamName = physicalName("kinesisStream", "market-data", suffix);
  await aws.kinesis.send(new CreateStreamCommand({ StreamName: streamName, StreamModeDetails: { StreamMode: "ON_DEMAND" } }));
  await aws.kinesis.send(new StartStreamEncryptionCommand({ StreamName: streamName, EncryptionType: "KMS", KeyId: security.storageKeyArn }));
  await aws.kinesis.send(new IncreaseStreamRetentionPeriodCommand({ StreamName: streamName, RetentionPeriodHours: 168 }));
  const backupVaultName = physicalName("backupVault", "aurora-backups", suffix);
  const vault = await aws.backup.send(new CreateBackupVaultCommand({ BackupVaultName: backupVaultName, EncryptionKeyArn: security.backupKeyArn }));
  const plan = await aws.backup.send(
    new CreateBackupPlanCommand({
      BackupPlan: {
        BackupPlanName: physicalName("backupPlan", "aurora-daily", suffix),
        Rules: [
          {
            RuleName: "daily-35-days",
            TargetBackupVaultName: backupVaultName,
            ScheduleExpression: "cron(0 5 ? * * *)",
            Lifecycle: { DeleteAfterDays: REQUIREMENTS.backupRetentionDays },
          },
        ],
      },
    }),
  );
  return {
    clusterArn: cluster!.DBClusterArn!,
    clusterIdentifier,
    clusterResourceId: cluster!.DbClusterResourceId!,
    clusterEndpoint: cluster!.Endpoint!,
    readerEndpoint: cluster!.ReaderEndpoint!,
    databasePort: cluster!.Port!,
    databaseName: cluster!.DatabaseName!,
    masterUsername: cluster!.MasterUsername!,
    masterSecretArn: cluster!.MasterUserSecret!.SecretArn!,
    databaseLogGroupName,
    rawBucketName,
    rawBucketArn: `arn:aws:s3:::${rawBucketName}`,
    processedBucketName,
    processedBucketArn: `arn:aws:s3:::${processedBucketName}`,
    accessLogBucketName,
    streamName,
    streamArn: `arn:aws:kinesis:${region}:${account}:stream/${streamName}`,
    backupVaultName,
    backupVaultArn: vault.BackupVaultArn!,
    backupPlanId: plan.BackupPlanId!,
    backupPlanArn: plan.BackupPlanArn!,
  };
}

async function seedCompute(aws: AwsClients, suffix: string, region: string, account: string, security: SecurityOutputs, network: NetworkOutputs): Promise<ComputeOutputs> {
  const clusterName = physicalName("ecsCluster", "ecs-cluster", suffix);
  const { cluster } = await aws.ecs.send(
    new CreateClusterCommand({
      clusterName,
      capacityProviders: ["FARGATE", "FARGATE_SPOT"],
      settings: [{ name: "containerInsights", value: "enabled" }],
    }),
  );
  const logGroupName = await logGroup(aws, physicalName("logGroup", "/ecs/analytics", suffix), security.logsKeyArn);
  // Container Insights writes here; the compute layer pre-creates it with the key and retention.
  await logGroup(aws, `/aws/ecs/containerinsights/${clusterName}/performance`, security.logsKeyArn);
  const executionRoleArn = `arn:aws:iam::${account}:role/${physicalName("iamRole", "analytics-execution-role", suffix)}`;
  const taskRoleArn = `arn:aws:iam::${account}:role/${physicalName("iamRole", "analytics-task-role", suffix)}`;
  const repositoryName = physicalName("ecrRepository", "analytics", suffix);
  const repositoryUrl = `${account}.dkr.ecr.${region}.amazonaws.com/${repositoryName}`;
  const family = physicalName("taskFamily", "analytics", suffix);
  const { taskDefinition } = await aws.ecs.send(
    new RegisterTaskDefinitionCommand({
      family,
      cpu: String(REQUIREMENTS.minTaskCpuUnits),
      memory: String(REQUIREMENTS.minTaskMemoryMiB),
      networkMode: "awsvpc",
      requiresCompatibilities: ["FARGATE"],
      runtimePlatform: { cpuArchitecture: "X86_64", operatingSystemFamily: "LINUX" },
      executionRoleArn,
      taskRoleArn,
      containerDefinitions: [
        {
          name: "api",
          image: `${repositoryUrl}:1.0.0`,
          essential: true,
          user: "1000",
          readonlyRootFilesystem: true,
          portMappings: [{ containerPort: network.appPort, protocol: "tcp" }],
          logConfiguration: { logDriver: "awslogs", options: { "awslogs-group": logGroupName, "awslogs-region": region, "awslogs-stream-prefix": "api" } },
        },
      ],
    }),
  );
  const serviceName = physicalName("ecsService", "analytics-service", suffix);
  const { service } = await aws.ecs.send(
    new CreateServiceCommand({
      cluster: clusterName,
      serviceName,
      taskDefinition: taskDefinition!.taskDefinitionArn,
      desiredCount: 2,
      capacityProviderStrategy: [
        { capacityProvider: "FARGATE", base: 0, weight: 0 },
        { capacityProvider: "FARGATE_SPOT", weight: 1 },
      ],
      networkConfiguration: { awsvpcConfiguration: { subnets: network.privateSubnetIds, securityGroups: [network.taskSecurityGroupId], assignPublicIp: "DISABLED" } },
    }),
  );
  const albLogBucketName = await bucketWithLifecycle(aws, `alb-logs-${account}-${suffix}`, region);
  // No check reads the ALB, ECR or IAM (their clients are not part of this library); the
  // contract still needs the keys, so they carry ARNs of the shape AWS would return.
  const albName = physicalName("alb", "analytics-alb", suffix);
  return {
    clusterName,
    clusterArn: cluster!.clusterArn!,
    serviceName,
    serviceArn: service!.serviceArn!,
    taskDefinitionArn: taskDefinition!.taskDefinitionArn!,
    albDnsName: `${albName}-1234567890.${region}.elb.amazonaws.com`,
    albArn: `arn:aws:elasticloadbalancing:${region}:${account}:loadbalancer/app/${albName}/0123456789abcdef`,
    targetGroupArn: `arn:aws:elasticloadbalancing:${region}:${account}:targetgroup/${physicalName("targetGroup", "analytics-tg", suffix)}/0123456789abcdef`,
    albLogBucketName,
    repositoryUrl,
    repositoryArn: `arn:aws:ecr:${region}:${account}:repository/${repositoryName}`,
    logGroupName,
    executionRoleArn,
    taskRoleArn,
  };
}

/**
 * Creates in an emulator, through the SDK, what a deployment of the four layers leaves behind
 * (the resources the checks read, configured as the requirements say) and returns the outputs
 * each layer would export. Names and settings mirror the layers' synthesized dev plans
 * (dist/stacks/<layer>/preview.json) with the suffix swapped; the contracts type every key.
 */
export async function seedEmulator(aws: AwsClients, suffix: string, region: string): Promise<DeployedOutputs> {
  const { Account } = await aws.sts.send(new GetCallerIdentityCommand({}));
  const account = Account!;
  const security = await seedSecurity(aws, suffix);
  const network = await seedNetwork(aws, suffix, region, security);
  const data = await seedData(aws, suffix, region, account, security, network);
  const compute = await seedCompute(aws, suffix, region, account, security, network);
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
 * `seed-emulator --stack=<env>`: seeds the emulator AWS_ENDPOINT_URL points at and writes every
 * layer's `outputs.<env>.json`, as `deploy` would. Refuses any endpoint that is not loopback so it
 * can never create resources in a real account.
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
  const stack = flags.get("stack") ?? "dev";
  const suffix = env.ENVIRONMENT_SUFFIX ?? stack;
  const region = env.AWS_REGION || REQUIREMENTS.region;
  const distRoot = path.resolve(workspaceRoot, flags.get("dist") ?? "dist/stacks");
  // Never overwrite what a real `deploy` wrote unless asked to.
  const existing = LAYERS.map((layer) => outputsPath(distRoot, layer, stack)).filter((file) => fs.existsSync(file));
  if (existing.length > 0 && !flags.has("force")) {
    io.err(`seed-emulator would overwrite ${existing.map((f) => path.relative(workspaceRoot, f)).join(", ")}; pass --force to replace them`);
    return 2;
  }
  const aws = createClients({ region, endpoint, credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID ?? "testing", secretAccessKey: env.AWS_SECRET_ACCESS_KEY ?? "testing" } });
  try {
    const outputs = await seedEmulator(aws, suffix, region);
    const account = outputs.data.clusterArn.split(":")[4];
    for (const layer of LAYERS) {
      const file = outputsPath(distRoot, layer, stack);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, `${JSON.stringify(outputs[layer], null, 2)}\n`);
      io.out(`${layer}: ${path.relative(workspaceRoot, file)}`);
    }
    io.out(`seeded ${endpoint} (account ${account}, region ${region}, suffix ${suffix})`);
    return 0;
  } catch (error) {
    io.err(`seed-emulator failed at ${endpoint}: ${(error as Error).name}: ${(error as Error).message}`);
    return 1;
  } finally {
    destroyClients(aws);
  }
}
