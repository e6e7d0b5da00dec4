import { driftedResources, driftReport } from "../src/drift";

const urn = (type: string, name: string) => `urn:pulumi:prod::fin-compute::${type}::${name}`;
const SERVICE = urn("fin:compute:FargateService$aws:ecs/service:Service", "analytics");
const digest = (steps: unknown[]) => JSON.stringify({ steps, changeSummary: {}, duration: 1200000000 });

describe("driftedResources", () => {
  it("lists the steps that change something, with every differing property once", () => {
    const stdout = digest([
      { op: "same", urn: urn("aws:ecs/cluster:Cluster", "analytics") },
      { op: "refresh", urn: urn("aws:ecr/repository:Repository", "analytics") },
      { op: "read", urn: urn("pulumi:pulumi:StackReference", "network") },
      { op: "update", urn: SERVICE, diffReasons: ["desiredCount", "capacityProviderStrategies"], detailedDiff: { "capacityProviderStrategies[0].base": { kind: "update" }, desiredCount: { kind: "update" } } },
      { op: "replace", urn: urn("aws:lb/listener:Listener", "https"), replaceReasons: ["sslPolicy"], diffReasons: ["sslPolicy"], detailedDiff: null },
      { op: "create", urn: urn("aws:appautoscaling/policy:Policy", "analytics-cpu") },
      { op: "delete", urn: "not a urn" },
      { urn: SERVICE },
    ]);
    expect(driftedResources(stdout)).toEqual([
      { urn: SERVICE, type: "aws:ecs/service:Service", name: "analytics", op: "update", properties: ["capacityProviderStrategies", "capacityProviderStrategies[0].base", "desiredCount"] },
      { urn: urn("aws:lb/listener:Listener", "https"), type: "aws:lb/listener:Listener", name: "https", op: "replace", properties: ["sslPolicy"] },
      { urn: urn("aws:appautoscaling/policy:Policy", "analytics-cpu"), type: "aws:appautoscaling/policy:Policy", name: "analytics-cpu", op: "create", properties: [] },
      { urn: "not a urn", type: "unknown", name: "not a urn", op: "delete", properties: [] },
    ]);
  });

  it("is undefined for anything but a preview digest, and empty for one without steps", () => {
    expect(["error: could not load the program", "null", "[]", '{"steps":{}}'].map(driftedResources)).toEqual([undefined, undefined, undefined, undefined]);
    expect(driftedResources("{}")).toEqual([]);
  });
});

describe("driftReport", () => {
  const at = "2026-12-01T06:00:00.000Z";
  const command = "pulumi preview --expect-no-changes --refresh --json --stack prod --non-interactive";

  it("is none for a clean exit whose plan changes nothing", () => {
    expect(driftReport("compute", "prod", command, 0, digest([{ op: "same", urn: SERVICE }]), at)).toEqual({ layer: "compute", stack: "prod", command, exitStatus: 0, checkedAt: at, status: "none", resources: [] });
  });

  it("is drift for a plan with changes, whatever the exit status (7 is --expect-no-changes')", () => {
    expect(driftReport("compute", "prod", command, 7, digest([{ op: "update", urn: SERVICE, diffReasons: ["desiredCount"] }]), at)).toMatchObject({
      status: "drift",
      exitStatus: 7,
      resources: [{ name: "analytics", op: "update", properties: ["desiredCount"] }],
    });
  });

  it("is failed, with the reason, when the preview exits non-zero without a plan or without changes", () => {
    expect(driftReport("compute", "prod", command, 255, "", at)).toMatchObject({
      status: "failed",
      resources: [],
      message: "pulumi preview exited 255 without a JSON plan (see its output above): the drift of compute/prod is unknown",
    });
    expect(driftReport("compute", "prod", command, 3, digest([]), at).message).toBe(
      "pulumi preview exited 3 although its plan changes nothing (see its output above): the drift of compute/prod is unknown",
    );
    expect(driftReport("compute", "prod", command, 0, "not json", at).status).toBe("failed");
  });
});
