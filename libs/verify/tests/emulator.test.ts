// The emulator suite: the checks against real AWS wire protocols (Python moto's server), not
// against responses the test author wrote. It seeds what a deployment of our plan leaves behind,
// expects every check to pass, then weakens one setting at a time and expects exactly the
// matching check to fail with the observed value. Names and settings come from the synthesized
// dev plans in dist/dev (the `test` target depends on the four layers' `synth`, so they are current).
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { PutRetentionPolicyCommand } from "@aws-sdk/client-cloudwatch-logs";
import { MetricType, PutScalingPolicyCommand, RegisterScalableTargetCommand } from "@aws-sdk/client-application-auto-scaling";
import { AllocateAddressCommand, CreateFlowLogsCommand, CreateNatGatewayCommand, DeleteNatGatewayCommand, ReleaseAddressCommand } from "@aws-sdk/client-ec2";
import { CreateRepositoryCommand } from "@aws-sdk/client-ecr";
import { StartStreamEncryptionCommand, StopStreamEncryptionCommand } from "@aws-sdk/client-kinesis";
import { DisableKeyRotationCommand, EnableKeyRotationCommand } from "@aws-sdk/client-kms";
import { ModifyDBClusterCommand } from "@aws-sdk/client-rds";
import { DeletePublicAccessBlockCommand, PutBucketVersioningCommand, PutPublicAccessBlockCommand } from "@aws-sdk/client-s3";
import { LAYERS } from "@fin/config";
import { scratchDir } from "@fin/testing";
import { CheckResult, runChecks } from "../src/check";
import { AwsClients, createClients, destroyClients } from "../src/clients";
import { isLoopbackEndpoint, seedEmulator, seedEmulatorCli } from "../src/emulator-seed";
import { readExpectations } from "../src/expectations";
import { DeployedOutputs, checksForLayer } from "../src/layers";
import { SynthesizedPlans, input, planned as planned_, plannedFor, plannedOne, readSynthesizedPlans, required } from "../src/plan";
import { without } from "./support/fixtures";
import { MOTO_INSTALL_HINT, MotoServer, startMoto } from "./support/moto";

jest.setTimeout(180_000);

const REGION = "us-east-2";
const CREDENTIALS = { accessKeyId: "testing", secretAccessKey: "testing" };

/**
 * Checks moto 5.2 cannot answer truthfully; they stay on the client mock (checks-compute.test.ts,
 * checks-live.test.ts), tried against moto_server 5.2:
 * - its DescribeServices drops the service's capacityProviderStrategy and reports launchType EC2;
 * - it schedules no service tasks, and RunTask with a capacity provider strategy answers HTTP 500,
 *   so nothing runs: the service never reaches running = desired, and there are no tasks whose
 *   capacity provider, AZ or ALB target health could be judged;
 * - AWS Backup ListRecoveryPointsByResource is not implemented (an HTML 404 page), and moto runs no
 *   backup job that would make a recovery point.
 */
const MOTO_UNSUPPORTED = [
  "ecs.service.fargate-spot",
  "ecs.service.tasks-running",
  "ecs.service.stable",
  "ecs.tasks.fargate-spot",
  "ecs.tasks.availability-zones",
  "alb.targets-healthy",
  "backup.recent-recovery-point",
];

const WORKSPACE = path.resolve(__dirname, "..", "..", "..");
const DIST = path.join(WORKSPACE, "dist");

let moto: MotoServer | undefined;
let aws: AwsClients;
let plans: SynthesizedPlans;
let outputs: DeployedOutputs;

const expectations = (layer: (typeof LAYERS)[number]) => readExpectations(DIST, "dev", layer, WORKSPACE);
const allChecks = () => LAYERS.flatMap((layer) => checksForLayer(layer, outputs, REGION, { expectations: expectations(layer) })).filter((c) => !MOTO_UNSUPPORTED.some((id) => c.id === id || c.id.startsWith(`${id}.`)));
const notPassing = (results: CheckResult[]) => results.filter((r) => r.status !== "pass").map((r) => ({ id: r.id, status: r.status, observed: r.observed, error: r.error }));

beforeAll(async () => {
  plans = readSynthesizedPlans(DIST, "dev", WORKSPACE);
  moto = await startMoto();
  aws = createClients({ region: REGION, endpoint: moto.endpoint, credentials: CREDENTIALS });
  outputs = await seedEmulator(aws, plans);
  await deployWhatTheSeedLeavesOut();
});

/**
 * What the live-behaviour checks read and the seed does not create (no integration check needed it
 * before): each service's ECR repository under the storage key, the VPC flow log with a role that exists (moto
 * answers DeliverLogsStatus FAILED, "Access error", for a role it does not know), and the service's
 * Application Auto Scaling target and both target-tracking policies, all from the plan's values.
 */
async function deployWhatTheSeedLeavesOut(): Promise<void> {
  // One repository per catalog service.
  for (const repository of planned_(plans, "compute", "aws:ecr/repository:Repository")) {
    await aws.ecr.send(
      new CreateRepositoryCommand({ repositoryName: required(repository, "name", "string"), encryptionConfiguration: { encryptionType: "KMS", kmsKey: outputs.security.storageKeyArn } }),
    );
  }
  // No IAM SDK client in the workspace (nothing else needs one): the IAM query API by hand. moto routes
  // by the credential scope's service and does not verify signatures.
  const created = await fetch(`${moto!.endpoint}/`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", authorization: "AWS4-HMAC-SHA256 Credential=testing/20261201/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=0" },
    body: new URLSearchParams({ Action: "CreateRole", Version: "2010-05-08", RoleName: "flow-logs-dev", AssumeRolePolicyDocument: JSON.stringify({ Version: "2012-10-17", Statement: [] }) }),
  });
  const roleArn = /<Arn>(.*)<\/Arn>/.exec(await created.text())![1];
  await aws.ec2.send(
    new CreateFlowLogsCommand({
      ResourceIds: [outputs.network.vpcId],
      ResourceType: "VPC",
      TrafficType: "ALL",
      LogDestinationType: "cloud-watch-logs",
      LogGroupName: outputs.network.flowLogGroupName,
      DeliverLogsPermissionArn: roleArn,
    }),
  );
  // Every catalog service is its own scalable target with its own policies (ADR 0017).
  for (const [name, service] of Object.entries(expectations("compute").compute!.services)) {
    await registerScalableTarget(service.minTasks, service.maxTasks, name);
    for (const policy of service.trackingPolicies) {
      await aws.autoscaling.send(
        new PutScalingPolicyCommand({
          PolicyName: policy.metric,
          ...scalableTarget(name),
          PolicyType: "TargetTrackingScaling",
          TargetTrackingScalingPolicyConfiguration: { TargetValue: policy.targetValue, PredefinedMetricSpecification: { PredefinedMetricType: policy.metric as MetricType } },
        }),
      );
    }
  }
}

/** The api service's outputs and configured numbers: the weakenings below break api, the others stay as planned. */
const api = () => outputs.compute.services.api;
const apiExpected = () => expectations("compute").compute!.services.api;
const scalableTarget = (name = "api") => ({
  ServiceNamespace: "ecs" as const,
  ResourceId: `service/${outputs.compute.clusterName}/${outputs.compute.services[name].serviceName}`,
  ScalableDimension: "ecs:service:DesiredCount" as const,
});
const registerScalableTarget = (MinCapacity: number, MaxCapacity: number, name = "api") =>
  aws.autoscaling.send(new RegisterScalableTargetCommand({ ...scalableTarget(name), MinCapacity, MaxCapacity }));

afterAll(async () => {
  if (aws) destroyClients(aws);
  await moto?.stop();
});

it("seeds the plan's names and settings, with the emulator's ids", () => {
  const planned = plans.outputs;
  // moto runs as the account the synth's mocks use, so even names carrying the account are equal.
  expect(outputs.security).toMatchObject({ databaseKeyAlias: planned.security.databaseKeyAlias, storageKeyAlias: planned.security.storageKeyAlias });
  expect(outputs.security.databaseKeyId).not.toBe(planned.security.databaseKeyId);
  expect(outputs.network).toMatchObject({
    vpcCidr: planned.network.vpcCidr,
    availabilityZones: planned.network.availabilityZones,
    appPort: planned.network.appPort,
    databasePort: planned.network.databasePort,
    flowLogGroupName: planned.network.flowLogGroupName,
  });
  expect(Object.keys(outputs.network.interfaceEndpointIds)).toEqual(Object.keys(planned.network.interfaceEndpointIds));
  expect(outputs.network.vpcId).not.toBe(planned.network.vpcId);
  const names = (o: DeployedOutputs) => {
    const { clusterIdentifier, databaseName, databasePort, masterUsername, databaseLogGroupName, rawBucketName, processedBucketName, accessLogBucketName, streamName, streamArn, backupVaultName } = o.data;
    const { clusterName, albLogBucketName } = o.compute;
    const services = Object.fromEntries(
      Object.entries(o.compute.services).map(([name, { serviceName, logGroupName, executionRoleArn, taskRoleArn }]) => [name, { serviceName, logGroupName, executionRoleArn, taskRoleArn }]),
    );
    return { clusterIdentifier, databaseName, databasePort, masterUsername, databaseLogGroupName, rawBucketName, processedBucketName, accessLogBucketName, streamName, streamArn, backupVaultName, clusterName, albLogBucketName, services };
  };
  expect(names(outputs)).toEqual(names(planned));
  expect(Object.keys(outputs.compute.services).sort()).toEqual(["api", "ingest", "processor"]);
  const apiTask = planned_(plans, "compute", "aws:ecs/taskDefinition:TaskDefinition").find((t) => input(t, "tags.service") === "api")!;
  expect(api().taskDefinitionArn).toBe(`arn:aws:ecs:${REGION}:123456789012:task-definition/${required(apiTask, "family", "string")}:1`);
});

it("every check passes against a deployment seeded as planned", async () => {
  const results = await runChecks(allChecks(), aws);
  expect(notPassing(results)).toEqual([]);
  // security 4, network 6, data 21 (of 22: no recovery point), compute 19 (of 37: per service of the 3, 6 of 12
  // with no target group on moto and no tasks running; plus Container Insights).
  expect(results).toHaveLength(4 + 6 + 21 + 19);
  expect(results.map((r) => r.id)).toEqual(expect.arrayContaining(["vpc.flow-log-delivery", "aurora.writer-reader", "ecs.service.autoscaling.api", "ecr.encryption.processor", "logs.container-insights"]));
});

interface Weakening {
  readonly weaken: () => Promise<unknown>;
  readonly restore: () => Promise<unknown>;
  readonly failing: string;
  readonly observed: (o: DeployedOutputs) => unknown;
}

let natGateway: { natId?: string; allocationId?: string } = {};

// Restores put back what the plan says, not a number written here.
const plannedLogRetention = () => required(plannedFor(plans, "compute", "aws:cloudwatch/logGroup:LogGroup", "name", api().logGroupName)!, "retentionInDays", "number");
const plannedBackupRetention = () => required(plannedOne(plans, "data", "aws:rds/cluster:Cluster"), "backupRetentionPeriod", "number");

const WEAKENINGS: Record<string, Weakening> = {
  "log retention 14 days": {
    weaken: () => aws.logs.send(new PutRetentionPolicyCommand({ logGroupName: api().logGroupName, retentionInDays: 14 })),
    restore: () => aws.logs.send(new PutRetentionPolicyCommand({ logGroupName: api().logGroupName, retentionInDays: plannedLogRetention() })),
    failing: "logs.compute.api",
    observed: (o) => ({ retentionInDays: 14, kmsKeyId: o.security.logsKeyArn }),
  },
  "versioning suspended": {
    weaken: () => aws.s3.send(new PutBucketVersioningCommand({ Bucket: outputs.data.rawBucketName, VersioningConfiguration: { Status: "Suspended" } })),
    restore: () => aws.s3.send(new PutBucketVersioningCommand({ Bucket: outputs.data.rawBucketName, VersioningConfiguration: { Status: "Enabled" } })),
    failing: "s3.raw.versioning",
    observed: () => "Suspended",
  },
  "Aurora backup retention 7 days": {
    weaken: () => aws.rds.send(new ModifyDBClusterCommand({ DBClusterIdentifier: outputs.data.clusterIdentifier, BackupRetentionPeriod: 7, ApplyImmediately: true })),
    restore: () => aws.rds.send(new ModifyDBClusterCommand({ DBClusterIdentifier: outputs.data.clusterIdentifier, BackupRetentionPeriod: plannedBackupRetention(), ApplyImmediately: true })),
    failing: "aurora.backup-retention",
    observed: () => 7,
  },
  "a public access block removed": {
    weaken: () => aws.s3.send(new DeletePublicAccessBlockCommand({ Bucket: outputs.data.processedBucketName })),
    restore: () =>
      aws.s3.send(
        new PutPublicAccessBlockCommand({
          Bucket: outputs.data.processedBucketName,
          PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true },
        }),
      ),
    failing: "s3.processed.public-access-block",
    observed: () => null,
  },
  "key rotation off": {
    weaken: () => aws.kms.send(new DisableKeyRotationCommand({ KeyId: outputs.security.storageKeyId })),
    restore: () => aws.kms.send(new EnableKeyRotationCommand({ KeyId: outputs.security.storageKeyId })),
    failing: "kms.storage",
    observed: () => ({ keyState: "Enabled", keyManager: "CUSTOMER", rotation: false }),
  },
  "a NAT gateway added": {
    weaken: async () => {
      const { AllocationId } = await aws.ec2.send(new AllocateAddressCommand({ Domain: "vpc" }));
      const { NatGateway } = await aws.ec2.send(new CreateNatGatewayCommand({ SubnetId: outputs.network.publicSubnetIds[0], AllocationId }));
      natGateway = { natId: NatGateway!.NatGatewayId, allocationId: AllocationId };
    },
    restore: async () => {
      await aws.ec2.send(new DeleteNatGatewayCommand({ NatGatewayId: natGateway.natId }));
      await aws.ec2.send(new ReleaseAddressCommand({ AllocationId: natGateway.allocationId }));
    },
    failing: "vpc.no-nat-gateway",
    observed: () => [natGateway.natId],
  },
  "stream encryption stopped": {
    weaken: () => aws.kinesis.send(new StopStreamEncryptionCommand({ StreamName: outputs.data.streamName, EncryptionType: "KMS", KeyId: outputs.security.storageKeyArn })),
    restore: () => aws.kinesis.send(new StartStreamEncryptionCommand({ StreamName: outputs.data.streamName, EncryptionType: "KMS", KeyId: outputs.security.storageKeyArn })),
    failing: "kinesis.encryption",
    observed: () => ({ status: "ACTIVE", encryptionType: "NONE", keyId: null }),
  },
  "autoscaling max lowered": {
    weaken: () => registerScalableTarget(apiExpected().minTasks, 1),
    restore: () => registerScalableTarget(apiExpected().minTasks, apiExpected().maxTasks),
    failing: "ecs.service.autoscaling.api",
    observed: () => ({ minCapacity: apiExpected().minTasks, maxCapacity: 1, trackingPolicies: [...apiExpected().trackingPolicies].sort((a, b) => a.metric.localeCompare(b.metric)) }),
  },
  "deletion protection turned on": {
    weaken: () => aws.rds.send(new ModifyDBClusterCommand({ DBClusterIdentifier: outputs.data.clusterIdentifier, DeletionProtection: true, ApplyImmediately: true })),
    restore: () => aws.rds.send(new ModifyDBClusterCommand({ DBClusterIdentifier: outputs.data.clusterIdentifier, DeletionProtection: false, ApplyImmediately: true })),
    failing: "aurora.deletion-protection",
    observed: () => true,
  },
};

describe.each(Object.entries(WEAKENINGS))("with %s", (_name, w) => {
  afterEach(() => w.restore());

  it(`fails ${w.failing} alone, with the observed value`, async () => {
    await w.weaken();
    expect(notPassing(await runChecks(allChecks(), aws))).toEqual([{ id: w.failing, status: "fail", observed: w.observed(outputs), error: undefined }]);
  });
});

it("passes again once every weakening is undone", async () => {
  expect(notPassing(await runChecks(allChecks(), aws))).toEqual([]);
});

it("reports a resource deleted behind the stack's back as not found", async () => {
  const gone = { ...outputs.data, streamName: "market-data-gone" };
  const [result] = await runChecks(
    checksForLayer("data", { ...outputs, data: gone }, REGION).filter((c) => c.id === "kinesis.encryption"),
    aws,
  );
  expect(result).toMatchObject({ status: "error", error: { kind: "not-found", code: "ResourceNotFoundException" } });
});

describe("the commands against the emulator", () => {
  let root: string;
  const env = () => ({ AWS_ENDPOINT_URL: moto!.endpoint, AWS_ACCESS_KEY_ID: "testing", AWS_SECRET_ACCESS_KEY: "testing" });
  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), "verify-emulator-"));
    // A copy of the plans, so the outputs the command writes never land in the workspace's dist.
    for (const layer of LAYERS) {
      fs.mkdirSync(path.join(root, "dist", "dev", layer), { recursive: true });
      for (const file of ["preview.json", "mock-outputs.json", "synth.json"]) {
        fs.copyFileSync(path.join(DIST, "dev", layer, file), path.join(root, "dist", "dev", layer, file));
      }
    }
    // The command seeds the plan's names again: start from an empty emulator.
    const reset = await fetch(`${moto!.endpoint}/moto-api/reset`, { method: "POST" });
    expect(reset.status).toBe(200);
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it("seed-emulator writes every layer's outputs from the plans and bin/integration.js prints a passing report", async () => {
    const io = { out: jest.fn(), err: jest.fn() };
    const stack = plans.stack;
    expect(await seedEmulatorCli(["--dist=dist"], { ...env(), AWS_REGION: REGION }, io, root)).toBe(0);
    expect(io.err).not.toHaveBeenCalled();
    expect(io.out.mock.calls.map(([line]) => line)).toEqual([
      `security: dist/${stack}/security/outputs.json`,
      `network: dist/${stack}/network/outputs.json`,
      `data: dist/${stack}/data/outputs.json`,
      `compute: dist/${stack}/compute/outputs.json`,
      `seeded ${moto!.endpoint} from the ${stack} plans in dist/${stack} (account 123456789012, region us-east-2)`,
    ]);
    const written = JSON.parse(fs.readFileSync(path.join(root, `dist/${stack}/data/outputs.json`), "utf8"));
    expect(written).toMatchObject({
      clusterIdentifier: plans.outputs.data.clusterIdentifier,
      rawBucketName: plans.outputs.data.rawBucketName,
      streamName: plans.outputs.data.streamName,
    });

    // Only the emulator's test credentials: a developer's profile must not leak into the child.
    const inherited = without(process.env, "AWS_PROFILE", "AWS_SESSION_TOKEN");
    const bin = path.join(__dirname, "..", "bin", "integration.js");
    const run = spawnSync(process.execPath, [bin, "stacks/data", `--stack=${stack}`, `--dist=${root}/dist`, "--skip=backup.recent-recovery-point"], {
      env: { ...inherited, ...env(), AWS_REGION: REGION },
      encoding: "utf8",
      timeout: 120_000,
    });
    expect(run.stdout).toContain(`integration data/${stack}: account 123456789012, region us-east-2, endpoint ${moto!.endpoint}`);
    expect(run.stdout).toMatch(new RegExp(`PASSED: 21 passed, 0 failed, 0 errors, 1 skipped of 22 checks in [\\d.]+s -> .*${stack}/data/integration.json`));
    expect(run.status).toBe(0);
    expect(JSON.parse(fs.readFileSync(path.join(root, `dist/${stack}/data/integration.json`), "utf8"))).toMatchObject({ passed: true, endpoint: moto!.endpoint });
  });

  it("seed-emulator keeps existing outputs unless forced, and reports a failed seed", async () => {
    const io = { out: jest.fn(), err: jest.fn() };
    const stack = plans.stack;
    expect(await seedEmulatorCli([`--stack=${stack}`, "--dist=dist"], env(), io, root)).toBe(2);
    expect(io.err.mock.calls[0][0]).toBe(
      `seed-emulator would overwrite dist/${stack}/security/outputs.json, dist/${stack}/network/outputs.json, dist/${stack}/data/outputs.json, dist/${stack}/compute/outputs.json; pass --force to replace them`,
    );
    // Forced, it seeds the same names again, which the emulator rejects (with the default test credentials).
    expect(await seedEmulatorCli(["--dist=dist", "--force"], { AWS_ENDPOINT_URL: moto!.endpoint }, io, root)).toBe(1);
    expect(io.err.mock.calls[1][0]).toMatch(new RegExp(`^seed-emulator failed at ${moto!.endpoint}: AlreadyExistsException: `));
  });

  it("seed-emulator refuses an environment not synthesized, or another region, before touching the emulator", async () => {
    const io = { out: jest.fn(), err: jest.fn() };
    const stack = plans.stack;
    expect(await seedEmulatorCli(["--stack=other", "--dist=dist"], env(), io, root)).toBe(1);
    expect(await seedEmulatorCli(["--dist=dist"], { ...env(), AWS_REGION: "eu-west-1" }, io, root)).toBe(2);
    // By default the dev environment of dist under the workspace root, which holds no plans here.
    const empty = scratchDir("verify-empty-");
    expect(await seedEmulatorCli([], env(), io, empty)).toBe(1);
    expect(io.err.mock.calls.map(([line]) => line)).toEqual([
      "seed-emulator needs the synthesized plans: dist/other/security/preview.json does not exist: run `npm run synth -- -c other` first",
      `seed-emulator: AWS_REGION=eu-west-1 but the ${stack} plans are for us-east-2; unset AWS_REGION or set it to us-east-2`,
      "seed-emulator needs the synthesized plans: dist/dev/security/preview.json does not exist: run `npm run synth -- -c dev` first",
    ]);
    expect(io.out).not.toHaveBeenCalled();
  });
});

describe("safety and set-up failures", () => {
  it("seed-emulator refuses anything but a loopback endpoint", async () => {
    const io = { out: jest.fn(), err: jest.fn() };
    expect(await seedEmulatorCli(["--stack=dev"], {}, io, "/nonexistent")).toBe(2);
    expect(await seedEmulatorCli(["--stack=dev"], { AWS_ENDPOINT_URL: "https://rds.us-east-2.amazonaws.com" }, io, "/nonexistent")).toBe(2);
    expect(io.err.mock.calls.map(([line]) => line)).toEqual([
      "seed-emulator creates resources, so it only runs against a local emulator: set AWS_ENDPOINT_URL=http://127.0.0.1:<port> (got nothing)",
      "seed-emulator creates resources, so it only runs against a local emulator: set AWS_ENDPOINT_URL=http://127.0.0.1:<port> (got https://rds.us-east-2.amazonaws.com)",
    ]);
    expect([isLoopbackEndpoint("http://localhost:5000"), isLoopbackEndpoint("not a url"), isLoopbackEndpoint(undefined)]).toEqual([true, false, false]);
  });

  it("a missing moto_server fails with how to install it", async () => {
    await expect(startMoto("moto_server_not_installed_here")).rejects.toThrow(MOTO_INSTALL_HINT);
  });

  it("a server that dies on start fails with its output", async () => {
    await expect(startMoto("false")).rejects.toThrow(/false exited with code 1 before answering/);
  });
});
