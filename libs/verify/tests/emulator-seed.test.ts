// The seed on the client mock, fed a small fixture plan whose settings differ from the real plans
// (which the emulator suite seeds): what the plan says is what gets sent, ids are the ones AWS
// answered, names carry the account AWS answered.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { BackupClient, CreateBackupPlanCommand, CreateBackupVaultCommand } from "@aws-sdk/client-backup";
import { CloudWatchLogsClient, CreateLogGroupCommand, PutRetentionPolicyCommand } from "@aws-sdk/client-cloudwatch-logs";
import {
  AssociateRouteTableCommand,
  CreateInternetGatewayCommand,
  CreateRouteCommand,
  CreateRouteTableCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  CreateVpcEndpointCommand,
  EC2Client,
  ModifySubnetAttributeCommand,
} from "@aws-sdk/client-ec2";
import { CreateClusterCommand, CreateServiceCommand, ECSClient, RegisterTaskDefinitionCommand } from "@aws-sdk/client-ecs";
import { CreateStreamCommand, KinesisClient } from "@aws-sdk/client-kinesis";
import { CreateAliasCommand, CreateKeyCommand, KMSClient } from "@aws-sdk/client-kms";
import { CreateDBClusterCommand, RDSClient } from "@aws-sdk/client-rds";
import { CreateBucketCommand, PutBucketEncryptionCommand, PutBucketLifecycleConfigurationCommand, PutBucketVersioningCommand, S3Client } from "@aws-sdk/client-s3";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { mockClient } from "aws-sdk-client-mock";
import { seedEmulator } from "../src/emulator-seed";
import { SynthesizedPlans, readSynthesizedPlans } from "../src/plan";
import { ACCOUNT, API_SERVICE, COMPUTE, NETWORK, OUTPUTS, REGION, SECURITY, clients } from "./support/fixtures";
import { planFiles, writePlanFiles } from "./support/plan-fixture";

const EMULATOR_ACCOUNT = "210987654321";
const KEY_ARN = `arn:aws:kms:${REGION}:${EMULATOR_ACCOUNT}:key/seeded-key`;

const mocks = {
  kms: mockClient(KMSClient),
  ec2: mockClient(EC2Client),
  logs: mockClient(CloudWatchLogsClient),
  rds: mockClient(RDSClient),
  s3: mockClient(S3Client),
  kinesis: mockClient(KinesisClient),
  backup: mockClient(BackupClient),
  ecs: mockClient(ECSClient),
  sts: mockClient(STSClient),
};
const aws = clients();

let plans: SynthesizedPlans;
beforeAll(() => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "verify-seed-"));
  writePlanFiles(root, planFiles());
  plans = readSynthesizedPlans(root, "dev", root);
  fs.rmSync(root, { recursive: true, force: true });
});

beforeEach(() => {
  // Every other call answers an empty (successful) response.
  for (const m of Object.values(mocks) as unknown as { reset: () => { onAnyCommand: () => { resolves: (v: object) => void } } }[]) {
    m.reset().onAnyCommand().resolves({});
  }
  mocks.sts.on(GetCallerIdentityCommand).resolves({ Account: EMULATOR_ACCOUNT });
  mocks.kms.on(CreateKeyCommand).resolves({ KeyMetadata: { KeyId: "seeded-key", Arn: KEY_ARN } });
  mocks.ec2.on(CreateVpcCommand).resolves({ Vpc: { VpcId: "vpc-seeded" } });
  mocks.ec2.on(CreateInternetGatewayCommand).resolves({ InternetGateway: { InternetGatewayId: "igw-seeded" } });
  mocks.ec2.on(CreateRouteTableCommand).resolves({ RouteTable: { RouteTableId: "rtb-seeded" } });
  mocks.ec2.on(CreateSubnetCommand).resolves({ Subnet: { SubnetId: "subnet-seeded" } });
  mocks.ec2.on(CreateSecurityGroupCommand).resolves({ GroupId: "sg-seeded" });
  mocks.ec2.on(CreateVpcEndpointCommand).resolves({ VpcEndpoint: { VpcEndpointId: "vpce-seeded" } });
  mocks.rds.on(CreateDBClusterCommand).resolves({
    DBCluster: {
      DBClusterArn: "arn:cluster",
      DbClusterResourceId: "cluster-X",
      Endpoint: "writer.example",
      ReaderEndpoint: "reader.example",
      MasterUserSecret: { SecretArn: "arn:secret" },
    },
  });
  mocks.backup.on(CreateBackupVaultCommand).resolves({ BackupVaultArn: "arn:vault" });
  mocks.backup.on(CreateBackupPlanCommand).resolves({ BackupPlanId: "plan-seeded", BackupPlanArn: "arn:plan" });
  mocks.ecs.on(CreateClusterCommand).resolves({ cluster: { clusterArn: "arn:ecs-cluster" } });
  mocks.ecs.on(RegisterTaskDefinitionCommand).resolves({ taskDefinition: { taskDefinitionArn: "arn:task:1" } });
  mocks.ecs.on(CreateServiceCommand).resolves({ service: { serviceArn: "arn:service" } });
});

const sent = (stub: { commandCalls: (c: never) => { args: [{ input: unknown }] }[] }, command: unknown) =>
  stub.commandCalls(command as never).map((c) => c.args[0].input);
const commands = (stub: { calls: () => { args: [{ constructor: { name: string } }] }[] }) => stub.calls().map((c) => c.args[0].constructor.name);

it("sends what the plan says, wired to the ids the emulator answered", async () => {
  const outputs = await seedEmulator(aws, plans);

  // Rotation is off in this plan, so the key is created and aliased, nothing more.
  expect(commands(mocks.kms)).toEqual(["CreateKeyCommand", "CreateAliasCommand"]);
  expect(sent(mocks.kms, CreateKeyCommand)).toEqual([{ Description: "storage-key-dev", KeyUsage: "ENCRYPT_DECRYPT", KeySpec: "SYMMETRIC_DEFAULT" }]);
  expect(sent(mocks.kms, CreateAliasCommand)).toEqual([{ AliasName: "alias/storage-key-dev", TargetKeyId: "seeded-key" }]);

  expect(sent(mocks.ec2, CreateVpcCommand)).toEqual([{ CidrBlock: "10.20.0.0/16" }]);
  expect(sent(mocks.ec2, CreateSubnetCommand)).toEqual([{ VpcId: "vpc-seeded", CidrBlock: "10.20.48.0/20", AvailabilityZone: "us-east-2a" }]);
  expect(sent(mocks.ec2, ModifySubnetAttributeCommand)).toEqual([{ SubnetId: "subnet-seeded", MapPublicIpOnLaunch: { Value: false } }]);
  expect(sent(mocks.ec2, AssociateRouteTableCommand)).toEqual([{ RouteTableId: "rtb-seeded", SubnetId: "subnet-seeded" }]);
  expect(sent(mocks.ec2, CreateRouteCommand)).toEqual([{ RouteTableId: "rtb-seeded", DestinationCidrBlock: "0.0.0.0/0", GatewayId: "igw-seeded" }]);
  expect(sent(mocks.ec2, CreateVpcEndpointCommand)).toEqual([
    { VpcId: "vpc-seeded", VpcEndpointType: "Gateway", ServiceName: "com.amazonaws.us-east-2.s3", RouteTableIds: ["rtb-seeded"], SubnetIds: undefined, SecurityGroupIds: undefined, PrivateDnsEnabled: undefined },
  ]);
  // A key the plan references but this fixture does not create keeps its ARN, account swapped.
  expect(sent(mocks.logs, CreateLogGroupCommand)).toEqual([{ logGroupName: NETWORK.flowLogGroupName, kmsKeyId: SECURITY.logsKeyArn.replace(ACCOUNT, EMULATOR_ACCOUNT) }]);
  expect(sent(mocks.logs, PutRetentionPolicyCommand)).toEqual([{ logGroupName: NETWORK.flowLogGroupName, retentionInDays: 14 }]);

  expect(sent(mocks.rds, CreateDBClusterCommand)[0]).toMatchObject({ DBClusterIdentifier: "analytics-dev", KmsKeyId: KEY_ARN, ServerlessV2ScalingConfiguration: { MinCapacity: 1, MaxCapacity: 2 } });

  // A bucket without settings is only created; the other gets exactly its planned settings.
  expect(sent(mocks.s3, CreateBucketCommand).map((i) => (i as { Bucket: string }).Bucket)).toEqual([`fin-raw-data-dev-${EMULATOR_ACCOUNT}`, `fin-logs-dev-${EMULATOR_ACCOUNT}`]);
  expect(commands(mocks.s3)).toEqual([
    "CreateBucketCommand",
    "CreateBucketCommand",
    "PutPublicAccessBlockCommand",
    "PutBucketEncryptionCommand",
    "PutBucketVersioningCommand",
    "PutBucketLifecycleConfigurationCommand",
  ]);
  expect(sent(mocks.s3, PutBucketEncryptionCommand)).toEqual([
    { Bucket: `fin-logs-dev-${EMULATOR_ACCOUNT}`, ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: "AES256", KMSMasterKeyID: undefined }, BucketKeyEnabled: undefined }] } },
  ]);
  expect(sent(mocks.s3, PutBucketVersioningCommand)).toEqual([{ Bucket: `fin-logs-dev-${EMULATOR_ACCOUNT}`, VersioningConfiguration: { Status: "Suspended" } }]);
  expect(sent(mocks.s3, PutBucketLifecycleConfigurationCommand)).toEqual([
    {
      Bucket: `fin-logs-dev-${EMULATOR_ACCOUNT}`,
      TransitionDefaultMinimumObjectSize: undefined,
      LifecycleConfiguration: {
        Rules: [{ ID: "expire", Status: "Enabled", Filter: { Prefix: "tmp/" }, Transitions: [], NoncurrentVersionTransitions: [], AbortIncompleteMultipartUpload: { DaysAfterInitiation: undefined } }],
      },
    },
  ]);

  // An unencrypted stream with the default 24 hours needs no further call.
  expect(commands(mocks.kinesis)).toEqual(["CreateStreamCommand"]);
  expect(sent(mocks.kinesis, CreateStreamCommand)).toEqual([{ StreamName: "market-data-dev", StreamModeDetails: { StreamMode: "ON_DEMAND" } }]);
  expect(sent(mocks.backup, CreateBackupPlanCommand)).toEqual([
    {
      BackupPlan: {
        BackupPlanName: "aurora-daily-dev",
        Rules: [{ RuleName: "daily", TargetBackupVaultName: "aurora-vault-dev", ScheduleExpression: undefined, StartWindowMinutes: undefined, CompletionWindowMinutes: undefined, Lifecycle: { DeleteAfterDays: undefined } }],
      },
    },
  ]);

  expect(sent(mocks.ecs, CreateClusterCommand)).toEqual([
    { clusterName: COMPUTE.clusterName, settings: undefined, capacityProviders: ["FARGATE_SPOT"], defaultCapacityProviderStrategy: [{ capacityProvider: "FARGATE_SPOT", base: undefined, weight: 1 }] },
  ]);
  expect(sent(mocks.ecs, RegisterTaskDefinitionCommand)[0]).toMatchObject({
    family: "analytics-api-dev",
    containerDefinitions: [{ name: "api", image: `${EMULATOR_ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/api:1` }],
  });
  expect(sent(mocks.ecs, CreateServiceCommand)).toEqual([
    {
      cluster: "arn:ecs-cluster",
      serviceName: API_SERVICE.serviceName,
      taskDefinition: "arn:task:1",
      desiredCount: undefined,
      capacityProviderStrategy: [{ capacityProvider: "FARGATE_SPOT", base: undefined, weight: 1 }],
      networkConfiguration: { awsvpcConfiguration: { subnets: ["subnet-seeded"], securityGroups: undefined, assignPublicIp: "ENABLED" } },
      platformVersion: undefined,
      enableExecuteCommand: undefined,
    },
  ]);

  // Outputs: the plan's, with the emulator's ids and account.
  expect(outputs.security).toEqual({
    ...JSON.parse(JSON.stringify(OUTPUTS.security).split(ACCOUNT).join(EMULATOR_ACCOUNT)),
    storageKeyArn: KEY_ARN,
    storageKeyId: "seeded-key",
  });
  expect(outputs.network).toMatchObject({ vpcId: "vpc-seeded", privateSubnetIds: ["subnet-seeded", NETWORK.privateSubnetIds[1], NETWORK.privateSubnetIds[2]], databaseSecurityGroupId: "sg-seeded", s3GatewayEndpointId: "vpce-seeded" });
  expect(outputs.data).toMatchObject({
    clusterArn: "arn:cluster",
    clusterResourceId: "cluster-X",
    clusterEndpoint: "writer.example",
    readerEndpoint: "reader.example",
    masterSecretArn: "arn:secret",
    backupVaultArn: "arn:vault",
    backupPlanId: "plan-seeded",
    backupPlanArn: "arn:plan",
    streamArn: OUTPUTS.data.streamArn.replace(ACCOUNT, EMULATOR_ACCOUNT),
    clusterIdentifier: OUTPUTS.data.clusterIdentifier,
  });
  expect(outputs.compute).toMatchObject({
    clusterArn: "arn:ecs-cluster",
    services: { api: { serviceArn: "arn:service", taskDefinitionArn: "arn:task:1", executionRoleArn: API_SERVICE.executionRoleArn.replace(ACCOUNT, EMULATOR_ACCOUNT) } },
  });
});

it("stops with the plan's problem when the plan lacks a resource the seed needs", async () => {
  const broken = { ...plans, resources: { ...plans.resources, data: plans.resources.data.filter((r) => r.type !== "aws:rds/cluster:Cluster") } };
  await expect(seedEmulator(aws, broken)).rejects.toThrow("the data plan has 0 aws:rds/cluster:Cluster resources where the seed expects exactly one");
});

it("stops naming the catalog service whose task definition or services entry the plan lacks", async () => {
  const noTask = { ...plans, resources: { ...plans.resources, compute: plans.resources.compute.filter((r) => r.type !== "aws:ecs/taskDefinition:TaskDefinition") } };
  await expect(seedEmulator(aws, noTask)).rejects.toThrow("the compute plan has no aws:ecs/taskDefinition:TaskDefinition tagged service=api");
  const noEntry = { ...plans, outputs: { ...plans.outputs, compute: { ...plans.outputs.compute, services: {} } } };
  await expect(seedEmulator(aws, noEntry)).rejects.toThrow("the compute plan's services output has no entry api");
});
