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
  const vpcCidr = "10.20.0.0/16";
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
    const publicId = await subnet(`10.20.${i}.0/24`, az);
    await aws.ec2.send(new AssociateRouteTableCommand({ RouteTableId: publicTable!.RouteTableId, SubnetId: publicId }));
    publicSubnetIds.push(publicId);
    const privateId = await subnet(`10.20.${16 + i * 16}.0/20`, az);
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

async function dataBucket(aws: AwsClients, name: string, region: string, kmsKeyArn: string): Promise<string> {
  await bucket(aws, name, region, kmsKeyArn);
  const days = REQUIREMENTS.glacierTransitionDays;
  await aws.s3.send(
    new PutBucketLifecycleConfigurationCommand({
      Bucket: name,
      TransitionDefaultMinimumObjectSize: "varies_by_storage_class",
      LifecycleConfiguration: {
        Rules: [
          {
            ID: "glacier",
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

async function seedData(aws: AwsClients, suffix: string, region: string, security: SecurityOutputs, network: NetworkOutputs): Promise<DataOutputs> {
  const subnetGroup = physicalName("dbSubnetGroup", "analytics", suffix);
  await aws.rds.send(new CreateDBSubnetGroupCommand({ DBSubnetGroupName: subnetGroup, DBSubnetGroupDescription: "Aurora private subnets", SubnetIds: network.privateSubnetIds }));
  const clusterIdentifier = physicalName("rdsIdentifier", "analytics", suffix);
  const databaseLogGroupName = await logGroup(aws, `/aws/rds/cluster/${clusterIdentifier}/postgresql`, security.logsKeyArn);
  const { DBCluster: cluster } = await aws.rds.send(
    new CreateDBClusterCommand({
      DBClusterIdentifier: clusterIdentifier,
      Engine: "aurora-postgresql",
      EngineMode: "provisioned",
      EngineVersion: "16.4",
      DatabaseName: physicalName("rdsDatabaseName", "analytics", suffix),
      MasterUsername: "analytics_admin",
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
  const rawBucketName = await dataBucket(aws, physicalName("s3Bucket", "fin-raw-data", suffix), region, security.storageKeyArn);
  const processedBucketName = await dataBucket(aws, physicalName("s3Bucket", "fin-processed-data", suffix), region, security.storageKeyArn);
  // S3 server access logs can only be delivered to an SSE-S3 bucket.
  const accessLogBucketName = await bucket(aws, physicalName("s3Bucket", "fin-access-logs", suffix), region);
  const streamName = physicalName("kinesisStream", "market-data", suffix);
  await aws.kinesis.send(new CreateStreamCommand({ StreamName: streamName, StreamModeDetails: { StreamMode: "ON_DEMAND" } }));
  await aws.kinesis.send(new StartStreamEncryptionCommand({ StreamName: streamName, EncryptionType: "KMS", KeyId: security.storageKeyArn }));
  await aws.kinesis.send(new IncreaseStreamRetentionPeriodCommand({ StreamName: streamName, RetentionPeriodHours: 168 }));
  const backupVaultName = physicalName("backupVault", "aurora-vault", suffix);
  const vault = await aws.backup.send(new CreateBackupVaultCommand({ BackupVaultName: backupVaultName, EncryptionKeyArn: security.backupKeyArn }));
  const plan = await aws.backup.send(
    new CreateBackupPlanCommand({
      BackupPlan: {
        BackupPlanName: physicalName("backupPlan", "aurora-daily", suffix),
        Rules: [
          {
            RuleName: "daily",
            TargetBackupVaultName: backupVaultName,
            ScheduleExpression: "cron(0 5 * * ? *)",
            Lifecycle: { DeleteAfterDays: REQUIREMENTS.backupRetentionDays },
          },
        ],
      },
    }),
  );
  const account = cluster!.DBClusterArn!.split(":")[4];
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

async function seedCompute(aws: AwsClients, suffix: string, region: string, security: SecurityOutputs, network: NetworkOutputs): Promise<ComputeOutputs> {
  const clusterName = physicalName("ecsCluster", "analytics", suffix);
  const { cluster } = await aws.ecs.send(
    new CreateClusterCommand({
      clusterName,
      capacityProviders: ["FARGATE", "FARGATE_SPOT"],
      settings: [{ name: "containerInsights", value: "enabled" }],
    }),
  );
  const logGroupName = await logGroup(aws, physicalName("logGroup", "/aws/ecs/analytics-api", suffix), security.logsKeyArn);
  const account = cluster!.clusterArn!.split(":")[4];
  const executionRoleArn = `arn:aws:iam::${account}:role/${physicalName("iamRole", "analytics-api-execution", suffix)}`;
  const taskRoleArn = `arn:aws:iam::${account}:role/${physicalName("iamRole", "analytics-api-task", suffix)}`;
  const repositoryName = physicalName("ecrRepository", "analytics-api", suffix);
  const repositoryUrl = `${account}.dkr.ecr.${region}.amazonaws.com/${repositoryName}`;
  const family = physicalName("taskFamily", "analytics-api", suffix);
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
  const serviceName = physicalName("ecsService", "analytics-api", suffix);
  const { service } = await aws.ecs.send(
    new CreateServiceCommand({
      cluster: clusterName,
      serviceName,
      taskDefinition: taskDefinition!.taskDefinitionArn,
      desiredCount: 2,
      capacityProviderStrategy: [
        { capacityProvider: "FARGATE", base: 1, weight: 1 },
        { capacityProvider: "FARGATE_SPOT", weight: 3 },
      ],
      networkConfiguration: { awsvpcConfiguration: { subnets: network.privateSubnetIds, securityGroups: [network.taskSecurityGroupId], assignPublicIp: "DISABLED" } },
    }),
  );
  const albLogBucketName = await bucket(aws, physicalName("s3Bucket", "fin-alb-logs", suffix), region);
  // No check reads the ALB, ECR or IAM (their clients are not part of this library); the
  // contract still needs the keys, so they carry ARNs of the shape AWS would return.
  const albName = physicalName("alb", "analytics", suffix);
  return {
    clusterName,
    clusterArn: cluster!.clusterArn!,
    serviceName,
    serviceArn: service!.serviceArn!,
    taskDefinitionArn: taskDefinition!.taskDefinitionArn!,
    albDnsName: `${albName}-1234567890.${region}.elb.amazonaws.com`,
    albArn: `arn:aws:elasticloadbalancing:${region}:${account}:loadbalancer/app/${albName}/0123456789abcdef`,
    targetGroupArn: `arn:aws:elasticloadbalancing:${region}:${account}:targetgroup/${physicalName("targetGroup", "analytics", suffix)}/0123456789abcdef`,
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
 * each layer would export. Names follow @fin/naming; the contracts type every key.
 */
export async function seedEmulator(aws: AwsClients, suffix: string, region: string): Promise<DeployedOutputs> {
  const security = await seedSecurity(aws, suffix);
  const network = await seedNetwork(aws, suffix, region, security);
  const data = await seedData(aws, suffix, region, security, network);
  const compute = await seedCompute(aws, suffix, region, security, network);
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
  const aws = createClients({ region, endpoint, credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID ?? "testing", secretAccessKey: env.AWS_SECRET_ACCESS_KEY ?? "testing" } });
  try {
    const { Account } = await aws.sts.send(new GetCallerIdentityCommand({}));
    const outputs = await seedEmulator(aws, suffix, region);
    for (const layer of LAYERS) {
      const file = outputsPath(distRoot, layer, stack);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, `${JSON.stringify(outputs[layer], null, 2)}\n`);
      io.out(`${layer}: ${path.relative(workspaceRoot, file)}`);
    }
    io.out(`seeded ${endpoint} (account ${Account}, region ${region}, suffix ${suffix})`);
    return 0;
  } catch (error) {
    io.err(`seed-emulator failed at ${endpoint}: ${(error as Error).name}: ${(error as Error).message}`);
    return 1;
  } finally {
    destroyClients(aws);
  }
}
