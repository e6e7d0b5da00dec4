// The emulator suite: the checks against real AWS wire protocols (Python moto's server), not
// against responses the test author wrote. It seeds what a deployment of our plan leaves behind,
// expects every check to pass, then weakens one setting at a time and expects exactly the
// matching check to fail with the observed value. Names and settings come from src/emulator-seed.ts,
// which mirrors the layers' synthesized dev plans; the test does not read dist/ (so it does not
// depend on the layers' synth targets and runs the same in a clean clone).
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { PutRetentionPolicyCommand } from "@aws-sdk/client-cloudwatch-logs";
import { AllocateAddressCommand, CreateNatGatewayCommand, DeleteNatGatewayCommand, ReleaseAddressCommand } from "@aws-sdk/client-ec2";
import { StartStreamEncryptionCommand, StopStreamEncryptionCommand } from "@aws-sdk/client-kinesis";
import { DisableKeyRotationCommand, EnableKeyRotationCommand } from "@aws-sdk/client-kms";
import { ModifyDBClusterCommand } from "@aws-sdk/client-rds";
import { DeletePublicAccessBlockCommand, PutBucketVersioningCommand, PutPublicAccessBlockCommand } from "@aws-sdk/client-s3";
import { LAYERS } from "@fin/config";
import { CheckResult, runChecks } from "../src/check";
import { AwsClients, createClients, destroyClients } from "../src/clients";
import { isLoopbackEndpoint, seedEmulator, seedEmulatorCli } from "../src/emulator-seed";
import { DeployedOutputs, checksForLayer } from "../src/layers";
import { without } from "./support/fixtures";
import { MOTO_INSTALL_HINT, MotoServer, startMoto } from "./support/moto";

jest.setTimeout(180_000);

const REGION = "us-east-2";
const CREDENTIALS = { accessKeyId: "testing", secretAccessKey: "testing" };

/**
 * Checks moto 5.2 cannot answer truthfully; they stay on the client mock (checks-compute.test.ts):
 * - its DescribeServices drops the service's capacityProviderStrategy and reports launchType EC2;
 * - it schedules no service tasks, and RunTask with a capacity provider strategy answers HTTP 500.
 */
const MOTO_UNSUPPORTED = ["ecs.service.fargate-spot", "ecs.service.tasks-running"];

let moto: MotoServer | undefined;
let aws: AwsClients;
let outputs: DeployedOutputs;

const allChecks = () => LAYERS.flatMap((layer) => checksForLayer(layer, outputs, REGION)).filter((c) => !MOTO_UNSUPPORTED.includes(c.id));
const notPassing = (results: CheckResult[]) => results.filter((r) => r.status !== "pass").map((r) => ({ id: r.id, status: r.status, observed: r.observed, error: r.error }));

beforeAll(async () => {
  moto = await startMoto();
  aws = createClients({ region: REGION, endpoint: moto.endpoint, credentials: CREDENTIALS });
  outputs = await seedEmulator(aws, "dev", REGION);
});

afterAll(async () => {
  if (aws) destroyClients(aws);
  await moto?.stop();
});

it("every check passes against a deployment seeded as planned", async () => {
  const results = await runChecks(allChecks(), aws);
  expect(notPassing(results)).toEqual([]);
  expect(results).toHaveLength(4 + 5 + 20 + 3);
});

interface Weakening {
  readonly weaken: () => Promise<unknown>;
  readonly restore: () => Promise<unknown>;
  readonly failing: string;
  readonly observed: (o: DeployedOutputs) => unknown;
}

let natGateway: { natId?: string; allocationId?: string } = {};

const WEAKENINGS: Record<string, Weakening> = {
  "log retention 14 days": {
    weaken: () => aws.logs.send(new PutRetentionPolicyCommand({ logGroupName: outputs.compute.logGroupName, retentionInDays: 14 })),
    restore: () => aws.logs.send(new PutRetentionPolicyCommand({ logGroupName: outputs.compute.logGroupName, retentionInDays: 30 })),
    failing: "logs.compute",
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
    restore: () => aws.rds.send(new ModifyDBClusterCommand({ DBClusterIdentifier: outputs.data.clusterIdentifier, BackupRetentionPeriod: 35, ApplyImmediately: true })),
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
  beforeAll(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), "verify-emulator-"));
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it("seed-emulator writes every layer's outputs and bin/integration.js prints a passing report", async () => {
    const io = { out: jest.fn(), err: jest.fn() };
    const env = { AWS_ENDPOINT_URL: moto!.endpoint, AWS_ACCESS_KEY_ID: "testing", AWS_SECRET_ACCESS_KEY: "testing", AWS_REGION: REGION };
    expect(await seedEmulatorCli(["--stack=e2e", `--dist=${root}/dist`], env, io, root)).toBe(0);
    expect(io.err).not.toHaveBeenCalled();
    expect(io.out.mock.calls.map(([line]) => line)).toEqual([
      "security: dist/security/outputs.e2e.json",
      "network: dist/network/outputs.e2e.json",
      "data: dist/data/outputs.e2e.json",
      "compute: dist/compute/outputs.e2e.json",
      `seeded ${moto!.endpoint} (account 123456789012, region us-east-2, suffix e2e)`,
    ]);
    expect(JSON.parse(fs.readFileSync(path.join(root, "dist/data/outputs.e2e.json"), "utf8"))).toMatchObject({
      clusterIdentifier: "aurora-analytics-e2e",
      rawBucketName: "raw-data-e2e-123456789012",
      streamName: "market-data-e2e",
    });

    // Only the emulator's test credentials: a developer's profile must not leak into the child.
    const inherited = without(process.env, "AWS_PROFILE", "AWS_SESSION_TOKEN");
    const bin = path.join(__dirname, "..", "bin", "integration.js");
    const run = spawnSync(process.execPath, [bin, "stacks/data", "--stack=e2e", `--dist=${root}/dist`], { env: { ...inherited, ...env }, encoding: "utf8", timeout: 120_000 });
    expect(run.stdout).toContain(`integration data/e2e: account 123456789012, region us-east-2, endpoint ${moto!.endpoint}`);
    expect(run.stdout).toMatch(/PASSED: 20 passed, 0 failed, 0 errors, 0 skipped of 20 checks in [\d.]+s -> .*data\/integration.e2e.json/);
    expect(run.status).toBe(0);
    expect(JSON.parse(fs.readFileSync(path.join(root, "dist/data/integration.e2e.json"), "utf8"))).toMatchObject({ passed: true, endpoint: moto!.endpoint });
  });

  it("seed-emulator keeps existing outputs unless forced, and reports a failed seed", async () => {
    const io = { out: jest.fn(), err: jest.fn() };
    const env = { AWS_ENDPOINT_URL: moto!.endpoint, ENVIRONMENT_SUFFIX: "e2e" };
    expect(await seedEmulatorCli(["--stack=e2e", "--dist=dist"], env, io, root)).toBe(2);
    expect(io.err.mock.calls[0][0]).toBe(
      "seed-emulator would overwrite dist/security/outputs.e2e.json, dist/network/outputs.e2e.json, dist/data/outputs.e2e.json, dist/compute/outputs.e2e.json; pass --force to replace them",
    );
    // Forced, it seeds again under the same names, which the emulator rejects.
    expect(await seedEmulatorCli(["--stack=e2e", "--dist=dist", "--force"], env, io, root)).toBe(1);
    expect(io.err.mock.calls[1][0]).toMatch(new RegExp(`^seed-emulator failed at ${moto!.endpoint}: AlreadyExistsException: `));
    // The default dist and stack: dist/stacks/<layer>/outputs.dev.json under the workspace root.
    expect(await seedEmulatorCli([], env, io, root)).toBe(1);
    expect(fs.existsSync(path.join(root, "dist/stacks/data/outputs.dev.json"))).toBe(false);
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
