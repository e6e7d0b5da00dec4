import * as pulumi from "@pulumi/pulumi";
import { MockHarness, setupMocks } from "@fin/testing";
import {
  ALLOWED_ACCOUNT_IDS_KEY,
  AWS_ACCOUNT_ID,
  ConfigSource,
  DEFAULT_REGION,
  REQUIREMENTS,
  createAwsProvider,
  defaultTags,
  loadLayerConfig,
  pulumiConfigSource,
} from "../src";
import { commonConfig } from "./support/common-config";

const COMMON = commonConfig("dev");
const source = (values: Record<string, string>): ConfigSource => ({ get: (key) => values[key] });

let harness: MockHarness;
beforeAll(async () => {
  harness = await setupMocks({ project: "fin-test", stack: "dev", config: { ...COMMON, "fin-test:extra": "7" } });
});

/** loadLayerConfig's one error for a stack named `stack` (the reader takes the stack from the program). */
function issuesFor(stack: string, values: Record<string, string>): string {
  const spy = jest.spyOn(pulumi, "getStack").mockReturnValue(stack);
  try {
    loadLayerConfig("data", () => ({}), source(values), {});
  } catch (error) {
    return (error as Error).message;
  } finally {
    spy.mockRestore();
  }
  throw new Error("expected a ConfigValidationError");
}

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
      allowedAccountIds: [],
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
        "  - ENVIRONMENT_SUFFIX is set but empty: unset it to use the stack config's environmentSuffix 'dev', or set it to the ephemeral stack's suffix\n" +
        '  - aws:region "Ohio" is invalid: must be an AWS region name such as us-east-2\n' +
        '  - aws:region "Ohio" is invalid: must be us-east-2 unless allowRegionOverride is true\n' +
        '  - owner "two words" is invalid: must be a non-empty tag value without spaces\n' +
        '  - dataClassification "secret" is invalid: must be one of public, internal, confidential, restricted',
    );
  });
});

describe("account pinning (aws:allowedAccountIds)", () => {
  it("reads the account ids a stack may change", () => {
    expect(ALLOWED_ACCOUNT_IDS_KEY).toBe("aws:allowedAccountIds");
    const config = loadLayerConfig("data", () => ({}), source({ ...COMMON, [ALLOWED_ACCOUNT_IDS_KEY]: '["111111111111","012345678901"]' }), {});
    expect(config.allowedAccountIds).toEqual(["111111111111", "012345678901"]);
  });

  it("rejects ids that are not 12-digit strings", () => {
    expect(AWS_ACCOUNT_ID.test("012345678901")).toBe(true);
    expect(() => loadLayerConfig("data", () => ({}), source({ ...COMMON, [ALLOWED_ACCOUNT_IDS_KEY]: '["1234","111111111111x"]' }), {})).toThrow(
      "fin-test/dev config has 2 issues:\n" +
        '  - aws:allowedAccountIds[] "1234" is invalid: must be a 12-digit AWS account id, quoted so YAML keeps it a string\n' +
        '  - aws:allowedAccountIds[] "111111111111x" is invalid: must be a 12-digit AWS account id, quoted so YAML keeps it a string',
    );
    // An unquoted YAML number reaches the program as a JSON number.
    expect(() => loadLayerConfig("data", () => ({}), source({ ...COMMON, [ALLOWED_ACCOUNT_IDS_KEY]: "[222222222222]" }), {})).toThrow(
      'aws:allowedAccountIds "[222222222222]" is invalid: must be a list of strings',
    );
  });

  it("requires the ids for a stack whose config sets protected: true", () => {
    expect(issuesFor("staging", { ...COMMON, "fin-test:protected": "true" })).toBe(
      "fin-test/staging config has 1 issue:\n" +
        "  - aws:allowedAccountIds is required but not set: a protected stack (its config sets protected: true) names the AWS " +
        "account(s) it may change, so credentials for any other account fail before a change",
    );
    expect(issuesFor("staging", { ...COMMON, "fin-test:protected": "true", [ALLOWED_ACCOUNT_IDS_KEY]: "[]" })).toContain(
      "aws:allowedAccountIds is required but not set",
    );
  });

  it("requires prod to say it is protected and to name its accounts", () => {
    expect(issuesFor("prod", COMMON)).toBe(
      "fin-test/prod config has 2 issues:\n" +
        "  - protected false is invalid: must be true for stack prod, which is always protected: its stack file says so\n" +
        "  - aws:allowedAccountIds is required but not set: a protected stack (stack prod is always protected) names the AWS " +
        "account(s) it may change, so credentials for any other account fail before a change",
    );
    const spy = jest.spyOn(pulumi, "getStack").mockReturnValue("prod");
    try {
      const prod = loadLayerConfig(
        "data",
        () => ({}),
        source({ ...COMMON, "fin-test:protected": "true", [ALLOWED_ACCOUNT_IDS_KEY]: '["222222222222"]' }),
        {},
      );
      expect([prod.stack, prod.allowedAccountIds]).toEqual(["prod", ["222222222222"]]);
    } finally {
      spy.mockRestore();
    }
  });

  it("leaves an unprotected stack without ids unpinned", () => {
    expect(loadLayerConfig("data", () => ({}), source(COMMON), {}).allowedAccountIds).toEqual([]);
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

  it("builds an explicit provider in the configured region, unpinned when no account is named", async () => {
    const provider = createAwsProvider(config());
    const urn = await new Promise<string>((resolve) => provider.urn.apply(resolve));
    expect(urn).toBe("urn:pulumi:dev::fin-test::pulumi:providers:aws::aws-us-east-2");
    expect(pulumi.ProviderResource.isInstance(provider)).toBe(true);
    const inputs = harness.one("pulumi:providers:aws", "aws-us-east-2").inputs;
    expect([inputs.region, inputs.allowedAccountIds]).toEqual(["us-east-2", undefined]);
  });

  it("pins the explicit provider to the stack's accounts", async () => {
    const pinned = loadLayerConfig("compute", () => ({}), source({ ...COMMON, "aws:region": "us-west-2", "fin-test:allowRegionOverride": "true", [ALLOWED_ACCOUNT_IDS_KEY]: '["111111111111"]' }), {});
    const provider = createAwsProvider(pinned);
    await new Promise<string>((resolve) => provider.urn.apply(resolve));
    // @pulumi/aws sends list inputs of the provider JSON-encoded.
    expect(harness.one("pulumi:providers:aws", "aws-us-west-2").inputs.allowedAccountIds).toBe('["111111111111"]');
  });
});
