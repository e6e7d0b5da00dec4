import * as pulumi from "@pulumi/pulumi";
import { MockHarness, resolveStackConfig, runProgram, setupMocks } from "@fin/testing";
import { STACK_DIR, STACK_OUTPUTS, json } from "./fixtures";

const CERT = "arn:aws:acm:us-east-2:123456789012:certificate/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";

/** The fin-compute program of `stack` with its committed config, against the dev fixtures' upstream outputs. */
async function plan(stack: string, overrides: Record<string, unknown> = {}): Promise<MockHarness> {
  delete process.env.ENVIRONMENT_SUFFIX;
  const outputs = Object.fromEntries(Object.entries(STACK_OUTPUTS).map(([ref, value]) => [ref.replace(/\/dev$/, `/${stack}`), value]));
  const harness = await setupMocks({ project: "fin-compute", stack, config: resolveStackConfig(STACK_DIR, stack, overrides), stackOutputs: outputs });
  jest.spyOn(pulumi.log, "warn").mockImplementation(() => Promise.resolve());
  await runProgram(() => jest.isolateModules(() => jest.requireActual("../index")));
  return harness;
}

/** What the profile changes, the same for every service: its initial count, autoscaling range and Spot/on-demand split. */
const shape = (h: MockHarness) => {
  const shapes = ["ingest", "processor", "api"].map((s) => JSON.stringify(shapeOf(h, s)));
  expect(new Set(shapes).size).toBe(1);
  return shapeOf(h, "api");
};
const shapeOf = (h: MockHarness, name: string) => {
  const service = h.one("aws:ecs/service:Service", name).inputs;
  const target = h.one("aws:appautoscaling/target:Target", name).inputs;
  return {
    desiredCount: service.desiredCount,
    scaling: [target.minCapacity, target.maxCapacity],
    strategies: service.capacityProviderStrategies,
    subnets: service.networkConfiguration.subnets.length,
    profileTag: json(h.one("pulumi:providers:aws").inputs.defaultTags).tags["environment-profile"],
  };
};

describe("each profile's task counts (ADR 0014)", () => {
  it("pr-1 (ephemeral by its name): one task per service on Spot, autoscaling 1-6, still spread over the 3 private subnets", async () => {
    expect(shape(await plan("pr-1"))).toEqual({
      desiredCount: 1,
      scaling: [1, 6],
      strategies: [
        { capacityProvider: "FARGATE", base: 0, weight: 0 },
        { capacityProvider: "FARGATE_SPOT", weight: 1 },
      ],
      subnets: 3,
      profileTag: "ephemeral",
    });
  });

  it("prod (production): 3 tasks, 1 of them on demand, autoscaling 3-12", async () => {
    const prod = shape(await plan("prod", { "fin-compute:certificateArn": CERT }));
    expect([prod.desiredCount, prod.scaling, prod.strategies, prod.profileTag]).toEqual([
      3,
      [3, 12],
      [
        { capacityProvider: "FARGATE", base: 1, weight: 0 },
        { capacityProvider: "FARGATE_SPOT", weight: 1 },
      ],
      "production",
    ]);
  });

  it("dev (production): 2 tasks on Spot, autoscaling 2-6", async () => {
    const dev = shape(await plan("dev"));
    expect([dev.desiredCount, dev.scaling, dev.profileTag]).toEqual([2, [2, 6], "production"]);
  });
});
