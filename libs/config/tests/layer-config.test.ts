import * as pulumi from "@pulumi/pulumi";
import { setupMocks } from "@fin/testing";
import { ConfigSource, DEFAULT_REGION, REQUIREMENTS, createAwsProvider, defaultTags, loadLayerConfig, pulumiConfigSource } from "../src";

const COMMON = {
  "fin-test:environmentSuffix": "dev",
  "aws:region": "us-east-2",
  "fin-test:allowRegionOverride": "false",
  "fin-test:stackOrganization": "organization",
  "fin-test:owner": "platform-team",
  "fin-test:costCenter": "trading-analytics",
  "fin-test:dataClassification": "confidential",
};
const source = (values: Record<string, string>): ConfigSource => ({ get: (key) => values[key] });

beforeAll(async () => {
  await setupMocks({ project: "fin-test", stack: "dev", config: { ...COMMON, "fin-test:extra": "7" } });
});

describe("loadLayerConfig", () => {
  it("reads the common keys and the layer's own", () => {
    const config = loadLayerConfig("network", (r) => ({ extra: r.number("extra") }), source({ ...COMMON, "fin-test:extra": "3" }), {});
    expect(config).toEqual({
      layer: "network",
      project: "fin-test",
      stack: "dev",
      environmentSuffix: "dev",
      region: "us-east-2",
      stackOrganization: "organization",
      owner: "platform-team",
      costCenter: "trading-analytics",
      dataClassification: "confidential",
      extra: 3,
    });
  });

  it("reads the running program's Pulumi config by default", () => {
    const config = loadLayerConfig("data", (r) => ({ extra: r.number("extra") }));
    expect(config.extra).toBe(7);
    expect(pulumiConfigSource().get("aws:region")).toBe("us-east-2");
  });

  it("keeps the requirements' region unless the override is set", () => {
    expect(DEFAULT_REGION).toBe(REQUIREMENTS.region);
    expect(() => loadLayerConfig("security", () => ({}), source({ ...COMMON, "aws:region": "eu-west-1" }), {})).toThrow(
      'fin-test/dev config has 1 issue:\n  - aws:region "eu-west-1" is invalid: must be us-east-2 unless allowRegionOverride is true',
    );
    const moved = loadLayerConfig("security", () => ({}), source({ ...COMMON, "aws:region": "eu-west-1", "fin-test:allowRegionOverride": "true" }), {});
    expect(moved.region).toBe("eu-west-1");
  });

  it("reports all bad common keys at once", () => {
    expect(() =>
      loadLayerConfig(
        "security",
        () => ({}),
        source({ ...COMMON, "aws:region": "Ohio", "fin-test:owner": "two words", "fin-test:dataClassification": "secret" }),
        { ENVIRONMENT_SUFFIX: "" },
      ),
    ).toThrow(
      "fin-test/dev config has 5 issues:\n" +
        "  - environmentSuffix '' is invalid: it must be 1-20 characters of lowercase letters, digits and single hyphens, starting with a letter and not ending with a hyphen\n" +
        '  - aws:region "Ohio" is invalid: must be an AWS region name such as us-east-2\n' +
        '  - aws:region "Ohio" is invalid: must be us-east-2 unless allowRegionOverride is true\n' +
        '  - owner "two words" is invalid: must be a non-empty tag value without spaces\n' +
        '  - dataClassification "secret" is invalid: must be one of public, internal, confidential, restricted',
    );
  });
});

describe("createAwsProvider", () => {
  const config = () => loadLayerConfig("compute", () => ({}), source(COMMON), {});

  it("tags every resource through the provider", () => {
    expect(defaultTags(config())).toEqual({
      environment: "dev",
      "environment-suffix": "dev",
      layer: "compute",
      owner: "platform-team",
      "cost-center": "trading-analytics",
      "data-classification": "confidential",
      "managed-by": "pulumi",
    });
  });

  it("builds an explicit provider in the configured region", async () => {
    const provider = createAwsProvider(config());
    const urn = await new Promise<string>((resolve) => provider.urn.apply(resolve));
    expect(urn).toBe("urn:pulumi:dev::fin-test::pulumi:providers:aws::aws-us-east-2");
    expect(pulumi.ProviderResource.isInstance(provider)).toBe(true);
  });
});
