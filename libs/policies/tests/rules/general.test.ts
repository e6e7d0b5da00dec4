import { defaultTags } from "@fin/config";
import {
  ENVIRONMENT_SUFFIX_TAG,
  NAMED_RESOURCES,
  NamedResourcesCarrySuffix,
  ResourcesNotProtected,
  carriesSuffix,
  environmentSuffixOf,
} from "../../src/rules/general";
import { evaluatePlan } from "../../src/evaluate";
import { PROVIDER_URN, STACK_URN, baseSteps, messagesOf, res, urnOf, violationsOf } from "../plan-builder";

describe("resources-not-protected", () => {
  it("passes resources that can be destroyed", async () => {
    expect(await messagesOf(ResourcesNotProtected, res("aws:s3/bucket:Bucket", "raw", { bucket: "raw-dev" }))).toEqual([]);
  });

  it("reports protect and retainOnDelete on any resource type", async () => {
    expect(
      await violationsOf(
        ResourcesNotProtected,
        res("aws:rds/cluster:Cluster", "warehouse", {}, { protect: true }),
        res("fin:data:Warehouse", "warehouse", {}, { custom: false, retainOnDelete: true }),
      ),
    ).toEqual([
      {
        policy: "resources-not-protected",
        enforcementLevel: "mandatory",
        urn: urnOf("aws:rds/cluster:Cluster", "warehouse"),
        message: "protect is set; the requirements need every resource to be destroyable.",
      },
      {
        policy: "resources-not-protected",
        enforcementLevel: "mandatory",
        urn: urnOf("fin:data:Warehouse", "warehouse"),
        message: "retainOnDelete is set; destroy would leave the resource behind.",
      },
    ]);
  });
});

describe("named-resources-carry-suffix", () => {
  it("reads the suffix tag that @fin/config's provider sets", () => {
    const tags = defaultTags({
      layer: "data",
      project: "fin-data",
      stack: "dev",
      environmentSuffix: "pr-12",
      region: "us-east-2",
      stackOrganization: "organization",
      owner: "o",
      costCenter: "c",
      dataClassification: "internal",
      allowedAccountIds: [],
    });
    expect(tags[ENVIRONMENT_SUFFIX_TAG]).toBe("pr-12");
  });

  it("finds the suffix in provider default tags given as JSON text or as an object", () => {
    const provider = (defaultTags: unknown) => ({ type: "pulumi:providers:aws", props: { defaultTags } }) as never;
    expect(environmentSuffixOf([provider(JSON.stringify({ tags: { [ENVIRONMENT_SUFFIX_TAG]: "dev" } }))])).toBe("dev");
    expect(environmentSuffixOf([provider({ tags: { [ENVIRONMENT_SUFFIX_TAG]: "qa" } })])).toBe("qa");
    expect(environmentSuffixOf([provider(undefined)])).toBeUndefined();
  });

  it.each([
    ["s3Bucket", "raw-dev", "dev", true],
    ["logGroup", "/aws/ecs/api-dev", "dev", true],
    ["logGroup", "/aws/rds/cluster/warehouse-dev/postgresql", "dev", true],
    ["alb", "alb-1a2b3c-pr-12", "pr-12", true],
    ["rdsDatabaseName", "analyticspr12", "pr-12", true],
    ["s3Bucket", "raw-devel", "dev", false],
    ["s3Bucket", "raw-prod", "dev", false],
    ["rdsDatabaseName", "analytics", "pr-12", false],
  ] as const)("carriesSuffix(%s, %s, %s) is %s", (kind, name, suffix, expected) => {
    expect(carriesSuffix(kind, name, suffix)).toBe(expected);
  });

  it("covers the physically named kinds of @fin/naming", () => {
    expect(new Set(NAMED_RESOURCES.map((n) => n.kind)).size).toBe(20);
  });

  it("passes named resources that carry the suffix, and leaves an unnamed database alone", async () => {
    expect(
      await messagesOf(
        NamedResourcesCarrySuffix,
        res("aws:s3/bucket:Bucket", "raw", { bucket: "raw-dev" }),
        res("aws:rds/cluster:Cluster", "warehouse", { clusterIdentifier: "warehouse-dev" }),
        res("aws:kms/alias:Alias", "logs", { name: "alias/logs-key-dev" }),
        res("aws:ec2/vpc:Vpc", "main", {}),
      ),
    ).toEqual([]);
  });

  it("reports names without the suffix and resources left to autonaming, on the resource", async () => {
    expect(
      await violationsOf(
        NamedResourcesCarrySuffix,
        res("aws:ecs/cluster:Cluster", "main", { name: "analytics" }),
        res("aws:cloudwatch/logGroup:LogGroup", "app", {}),
        res("aws:rds/cluster:Cluster", "warehouse", { clusterIdentifier: "warehouse-dev", databaseName: "analytics" }),
      ),
    ).toEqual([
      {
        policy: "named-resources-carry-suffix",
        enforcementLevel: "mandatory",
        urn: urnOf("aws:ecs/cluster:Cluster", "main"),
        message: "name 'analytics' does not carry the environment suffix 'dev'.",
      },
      {
        policy: "named-resources-carry-suffix",
        enforcementLevel: "mandatory",
        urn: urnOf("aws:cloudwatch/logGroup:LogGroup", "app"),
        message: 'name is unset; name it with physicalName("logGroup", ..., "dev").',
      },
      {
        policy: "named-resources-carry-suffix",
        enforcementLevel: "mandatory",
        urn: urnOf("aws:rds/cluster:Cluster", "warehouse"),
        message: "databaseName 'analytics' does not carry the environment suffix 'dev'.",
      },
    ]);
  });

  it("reports once, on the stack, when no provider carries a valid suffix", async () => {
    const [stack, provider] = baseSteps("Bad_Suffix");
    const bucket = res("aws:s3/bucket:Bucket", "raw", { bucket: "raw-dev" });
    const { violations } = await evaluatePlan({ steps: [stack, provider, bucket] }, { policies: [NamedResourcesCarrySuffix] });
    expect(violations).toEqual([
      {
        policy: "named-resources-carry-suffix",
        enforcementLevel: "mandatory",
        urn: STACK_URN,
        message: "No aws provider carries a valid 'environment-suffix' default tag (found \"Bad_Suffix\"), so names cannot be checked.",
      },
    ]);
    const withoutProvider = await evaluatePlan({ steps: [stack, bucket] }, { policies: [NamedResourcesCarrySuffix] });
    expect(withoutProvider.violations.map((v) => v.message)).toEqual([
      "No aws provider carries a valid 'environment-suffix' default tag (found null), so names cannot be checked.",
    ]);
    expect(PROVIDER_URN).toContain("pulumi:providers:aws");
  });

  it("has nothing to check in a stack without named resources", async () => {
    const [stack] = baseSteps();
    const { violations } = await evaluatePlan({ steps: [stack, res("aws:ec2/vpc:Vpc", "main", {})] }, { policies: [NamedResourcesCarrySuffix] });
    expect(violations).toEqual([]);
  });
});
