import type { PlanStep } from "@fin/plan";
import { evaluatePlan } from "../../src/evaluate";
import { FIN_PLATFORM_POLICIES } from "../../src/policies";
import { HIGH_AVAILABILITY_RULES } from "../../src/lib/high-availability";
import { MIN_HIGHLY_AVAILABLE_TASKS } from "../../src/lib/availability-checks";
import { InterfaceEndpointsInEveryAz } from "../../src/rules/ec2";
import { AuroraReaderInAnotherAz, AuroraReaderInAnotherAzEphemeral } from "../../src/rules/rds";
import { ServiceSpansAvailabilityZones, ServiceSpansAvailabilityZonesEphemeral } from "../../src/rules/ecs";
import { PROVIDER_URN, STACK_URN, messagesOf, providerTags, res, urnOf } from "../plan-builder";

const CLUSTER = "aws:rds/cluster:Cluster";
const INSTANCE = "aws:rds/clusterInstance:ClusterInstance";
const SERVICE = "aws:ecs/service:Service";
const TARGET = "aws:appautoscaling/target:Target";
const SUBNETS = ["subnet-a", "subnet-b", "subnet-c"];

/** A plan whose aws provider carries the profile tag (undefined: no tag, as in the network layer). */
function planWith(profile: string | undefined, ...steps: PlanStep[]) {
  const tags = { ...providerTags("pr-1", "pr-1"), ...(profile ? { "environment-profile": profile } : {}) };
  return {
    steps: [
      { op: "create" as const, urn: STACK_URN, newState: { urn: STACK_URN, type: "pulumi:pulumi:Stack", custom: false, inputs: {} } },
      { op: "create" as const, urn: PROVIDER_URN, newState: { urn: PROVIDER_URN, type: "pulumi:providers:aws", custom: true, id: "provider-id", inputs: { region: "us-east-2", defaultTags: JSON.stringify({ tags }) } } },
      ...steps,
    ],
  };
}
const writerOnly = [res(CLUSTER, "analytics", { clusterIdentifier: "aurora-analytics-pr-1" }, { id: "aurora-analytics-pr-1" }), res(INSTANCE, "analytics-writer", { clusterIdentifier: "aurora-analytics-pr-1", availabilityZone: "us-east-2a" })];
const oneTask = [
  res(SERVICE, "api", { name: "api-pr-1", desiredCount: 1, networkConfiguration: { subnets: SUBNETS } }),
  res(TARGET, "api", { resourceId: "service/cluster-pr-1/api-pr-1", minCapacity: 1, maxCapacity: 6 }),
];
/** [policy, level, message] of every high-availability violation in the plan. */
async function haViolations(profile: string | undefined, ...steps: PlanStep[]) {
  const { violations } = await evaluatePlan(planWith(profile, ...steps));
  return violations.filter((v) => HIGH_AVAILABILITY_RULES.some((r) => v.policy.startsWith(r))).map((v) => [v.policy, v.enforcementLevel, v.message]);
}

describe("the high-availability rules", () => {
  it("are two pairs in the pack: mandatory, and advisory for the ephemeral profile", () => {
    expect(HIGH_AVAILABILITY_RULES).toEqual(["aurora-reader-in-another-az", "service-spans-availability-zones"]);
    expect(
      FIN_PLATFORM_POLICIES.filter((p) => HIGH_AVAILABILITY_RULES.some((r) => p.name.startsWith(r)))
        .map((p) => [p.name, p.enforcementLevel])
        .sort(),
    ).toEqual([
      ["aurora-reader-in-another-az", "mandatory"],
      ["aurora-reader-in-another-az-ephemeral", "advisory"],
      ["service-spans-availability-zones", "mandatory"],
      ["service-spans-availability-zones-ephemeral", "advisory"],
    ]);
    expect(MIN_HIGHLY_AVAILABLE_TASKS).toBe(2);
  });

  it("ephemeral: one Aurora instance and one task are reported as advisory only", async () => {
    expect(await haViolations("ephemeral", ...writerOnly, ...oneTask)).toEqual([
      ["service-spans-availability-zones-ephemeral", "advisory", "ECS service 'api-pr-1' runs 1 task(s) at its floor; at least 2 keep it serving when an AZ fails. Allowed in the ephemeral profile (ADR 0014)."],
      ["aurora-reader-in-another-az-ephemeral", "advisory", "Aurora cluster 'aurora-analytics-pr-1' has 1 instance(s); it needs a writer and a reader in another AZ to fail over to. Allowed in the ephemeral profile (ADR 0014)."],
    ]);
  });

  it("production (or no profile tag): the same shape is mandatory", async () => {
    for (const profile of ["production", undefined]) {
      expect(await haViolations(profile, ...writerOnly, ...oneTask)).toEqual([
        ["service-spans-availability-zones", "mandatory", "ECS service 'api-pr-1' runs 1 task(s) at its floor; at least 2 keep it serving when an AZ fails."],
        ["aurora-reader-in-another-az", "mandatory", "Aurora cluster 'aurora-analytics-pr-1' has 1 instance(s); it needs a writer and a reader in another AZ to fail over to."],
      ]);
    }
  });

  it("passes a writer and a reader in different AZs and two tasks over three subnets, in either profile", async () => {
    const highlyAvailable = [
      res(CLUSTER, "analytics", { clusterIdentifier: "aurora-analytics-dev" }, { id: "aurora-analytics-dev" }),
      res(INSTANCE, "analytics-writer", { clusterIdentifier: "aurora-analytics-dev", availabilityZone: "us-east-2a" }),
      res(INSTANCE, "analytics-reader", { clusterIdentifier: "aurora-analytics-dev", availabilityZone: "us-east-2b" }),
      res(SERVICE, "api", { name: "api-dev", desiredCount: 2, networkConfiguration: { subnets: SUBNETS } }),
    ];
    expect(await haViolations("production", ...highlyAvailable)).toEqual([]);
    expect(await haViolations("ephemeral", ...highlyAvailable)).toEqual([]);
  });

  it("reports a reader in the writer's AZ, a service in one subnet, and a service with no count at all", async () => {
    expect(
      await messagesOf(
        AuroraReaderInAnotherAz,
        res(CLUSTER, "analytics", { clusterIdentifier: "aurora-analytics-dev" }),
        res(INSTANCE, "w", { clusterIdentifier: "aurora-analytics-dev", availabilityZone: "us-east-2a" }),
        res(INSTANCE, "r", { clusterIdentifier: "aurora-analytics-dev", availabilityZone: "us-east-2a" }),
        res(CLUSTER, "unnamed", {}),
      ),
    ).toEqual(["Aurora cluster 'aurora-analytics-dev' has all its instances in us-east-2a; put the reader in another AZ.", "Aurora cluster 'unnamed' has 0 instance(s); it needs a writer and a reader in another AZ to fail over to."]);
    // Unknown AZs (computed at deploy time) are not reported.
    expect(await messagesOf(AuroraReaderInAnotherAz, res(CLUSTER, "c", { clusterIdentifier: "x" }), res(INSTANCE, "w", { clusterIdentifier: "x" }), res(INSTANCE, "r", { clusterIdentifier: "x" }))).toEqual([]);
    expect(
      await messagesOf(ServiceSpansAvailabilityZones, res(SERVICE, "api", { name: "api-dev", desiredCount: 3, networkConfiguration: { subnets: ["subnet-a"] } }), res(SERVICE, "bare", {})),
    ).toEqual(["ECS service 'api-dev' has 1 subnet(s); at least 2 AZs are needed.", "ECS service 'bare' runs 0 task(s) at its floor; at least 2 keep it serving when an AZ fails and has 0 subnet(s); at least 2 AZs are needed."]);
  });

  it("the advisory twins ignore production resources, and the mandatory rules ignore ephemeral ones", async () => {
    expect(await messagesOf(AuroraReaderInAnotherAzEphemeral, ...writerOnly)).toEqual([]);
    expect(await messagesOf(ServiceSpansAvailabilityZonesEphemeral, ...oneTask)).toEqual([]);
    const { violations } = await evaluatePlan(planWith("ephemeral", ...writerOnly), { policies: [AuroraReaderInAnotherAz as never, ServiceSpansAvailabilityZones as never] });
    expect(violations).toEqual([]);
    expect(AuroraReaderInAnotherAzEphemeral.description).toBe("Every Aurora cluster has a writer and a reader in different AZs. Advisory in the ephemeral profile, which runs without standby (ADR 0014).");
  });
});

describe("interface-endpoints-in-every-az (a networking rule: every profile)", () => {
  const endpoint = (subnetIds: string[] | undefined, type = "Interface") => res("aws:ec2/vpcEndpoint:VpcEndpoint", "logs", { serviceName: "com.amazonaws.us-east-2.logs", vpcEndpointType: type, subnetIds });

  it("passes an interface endpoint in 3 AZs and gateway endpoints without subnets", async () => {
    expect(await messagesOf(InterfaceEndpointsInEveryAz, endpoint(SUBNETS), endpoint(undefined, "Gateway"))).toEqual([]);
  });

  it("reports one in fewer AZs, as mandatory even in the ephemeral profile", async () => {
    const { violations } = await evaluatePlan(planWith("ephemeral", endpoint(["subnet-a"])), { policies: [InterfaceEndpointsInEveryAz as never] });
    expect(violations.map((v) => [v.enforcementLevel, v.message, v.urn])).toEqual([
      ["mandatory", "Interface endpoint com.amazonaws.us-east-2.logs has 1 subnet(s); it needs one in each of the 3 AZs.", urnOf("aws:ec2/vpcEndpoint:VpcEndpoint", "logs")],
    ]);
  });
});
