import * as pulumi from "@pulumi/pulumi";
import { MockHarness, TEST_AZS, runProgram, setupMocks } from "@fin/testing";
import { NETWORK_OUTPUTS, SECURITY_OUTPUTS, stackConfig } from "./fixtures";

/** The fin-data program of stack `stack` with its committed config, against the dev fixtures' upstream outputs. */
async function plan(stack: string): Promise<MockHarness> {
  delete process.env.ENVIRONMENT_SUFFIX;
  const harness = await setupMocks({
    project: "fin-data",
    stack,
    config: stackConfig(stack),
    stackOutputs: {
      [`organization/fin-security/${stack}`]: SECURITY_OUTPUTS as unknown as Record<string, unknown>,
      [`organization/fin-network/${stack}`]: { ...NETWORK_OUTPUTS, flowLogGroupName: `/aws/vpc/flow-logs-${stack}` } as unknown as Record<string, unknown>,
    },
  });
  await runProgram(() => {
    pulumi.runtime.registerStackTransformation((args) => ({ props: args.props, opts: args.opts }));
    return jest.isolateModules(() => jest.requireActual("../index"));
  });
  return harness;
}

const INSTANCE = "aws:rds/clusterInstance:ClusterInstance";
const shape = (h: MockHarness) => ({
  instances: h.ofType(INSTANCE).map((i) => [i.inputs.identifier, i.inputs.instanceClass, i.inputs.availabilityZone]),
  scaling: h.one("aws:rds/cluster:Cluster").inputs.serverlessv2ScalingConfiguration,
  // Provider inputs are serialized as JSON strings.
  profileTag: (JSON.parse(String(h.one("pulumi:providers:aws").inputs.defaultTags)) as { tags: Record<string, string> }).tags["environment-profile"],
});

describe("each profile's Aurora plan (ADR 0014)", () => {
  it("pr-1 (ephemeral by its name): one writer, 0-4 ACU, pausing after 300 s idle; encryption and 35-day backups unchanged", async () => {
    const h = await plan("pr-1");
    expect(shape(h)).toEqual({
      instances: [["aurora-analytics-writer-pr-1", "db.serverless", TEST_AZS[0]]],
      scaling: { minCapacity: 0, maxCapacity: 4, secondsUntilAutoPause: 300 },
      profileTag: "ephemeral",
    });
    const cluster = h.one("aws:rds/cluster:Cluster").inputs;
    expect([cluster.storageEncrypted, cluster.backupRetentionPeriod, cluster.kmsKeyId]).toEqual([true, 35, SECURITY_OUTPUTS.databaseKeyArn]);
  });

  it("prod (production): a writer and a reader in different AZs at 2-16 ACU", async () => {
    expect(shape(await plan("prod"))).toEqual({
      instances: [
        ["aurora-analytics-writer-prod", "db.serverless", TEST_AZS[0]],
        ["aurora-analytics-reader-prod", "db.serverless", TEST_AZS[1]],
      ],
      scaling: { minCapacity: 2, maxCapacity: 16 },
      profileTag: "production",
    });
  });

  it("dev (production): a writer and a reader in different AZs at 0-4 ACU with auto-pause", async () => {
    expect(shape(await plan("dev"))).toEqual({
      instances: [
        ["aurora-analytics-writer-dev", "db.serverless", TEST_AZS[0]],
        ["aurora-analytics-reader-dev", "db.serverless", TEST_AZS[1]],
      ],
      scaling: { minCapacity: 0, maxCapacity: 4, secondsUntilAutoPause: 300 },
      profileTag: "production",
    });
  });
});
