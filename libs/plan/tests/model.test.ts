import { countPlan, nameFromUrn, plannedResources, typeFromUrn } from "../src";
import { securityPlan, urn } from "./support/env";

describe("countPlan", () => {
  it("counts every kept step once by operation and once by type, so the totals agree", () => {
    const counts = countPlan(securityPlan());
    expect(counts).toEqual({
      total: 8,
      byOperation: { create: 7, read: 1 },
      byType: {
        "pulumi:pulumi:Stack": 1,
        "pulumi:providers:aws": 1,
        "fin:security:PlatformKeys": 1,
        "aws:kms/key:Key": 1,
        "aws:kms/alias:Alias": 1,
        "aws:iam/role:Role": 1,
        "pulumi:pulumi:StackReference": 1,
        "aws:ec2/vpc:Vpc": 1,
      },
    });
  });

  it("leaves out what a real preview deletes and types a step without a new state from its URN", () => {
    const counts = countPlan({
      steps: [
        { op: "delete", urn: urn("aws:kms/key:Key", "old") },
        { op: "same", urn: urn("aws:kms/key:Key", "kept") },
        { op: "update", urn: urn("aws:kms/alias:Alias", "a"), newState: { type: "aws:kms/alias:Alias" } },
      ],
    });
    expect(counts).toEqual({ total: 2, byOperation: { same: 1, update: 1 }, byType: { "aws:kms/key:Key": 1, "aws:kms/alias:Alias": 1 } });
  });
});

describe("URN parts", () => {
  it("are the logical name and the innermost type", () => {
    expect(nameFromUrn(urn("aws:kms/key:Key", "data", "pulumi:pulumi:Stack$fin:security:PlatformKeys"))).toBe("data");
    expect(typeFromUrn(urn("aws:kms/key:Key", "data", "pulumi:pulumi:Stack$fin:security:PlatformKeys"))).toBe("aws:kms/key:Key");
    expect(typeFromUrn("not-a-urn")).toBe("");
  });
});

describe("plannedResources", () => {
  it("is the created AWS resources, without the stack, components, providers and reads", () => {
    const resources = plannedResources("security", securityPlan());
    expect(resources.map((r) => [r.type, r.name, r.id])).toEqual([
      ["aws:kms/key:Key", "data", "data-id"],
      ["aws:kms/alias:Alias", "data", "data-id"],
      ["aws:iam/role:Role", "task", "task-id"],
      ["aws:ec2/vpc:Vpc", "main", "main-id"],
    ]);
    expect(resources[1]).toEqual({
      layer: "security",
      urn: urn("aws:kms/alias:Alias", "data", "pulumi:pulumi:Stack$fin:security:PlatformKeys"),
      name: "data",
      type: "aws:kms/alias:Alias",
      id: "data-id",
      inputs: { name: "alias/data-dev" },
    });
  });

  it("gives a resource without id or inputs empty ones", () => {
    const u = urn("aws:s3/bucket:Bucket", "b");
    expect(plannedResources("data", { steps: [{ op: "create", urn: u, newState: { type: "aws:s3/bucket:Bucket", custom: true } }] })).toEqual([
      { layer: "data", urn: u, name: "b", type: "aws:s3/bucket:Bucket", id: "", inputs: {} },
    ]);
  });
});
