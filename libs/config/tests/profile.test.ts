import * as naming from "@fin/naming";
import { ConfigReader, ConfigValidationError, EPHEMERAL_STACK, PROFILE_KEY, PROFILES, PROFILE_SHAPES, PROFILE_TAG, defaultProfile, defaultTags, readProfile, type LayerConfig } from "../src";

/** readProfile for a stack with these raw values (fully qualified keys), with every issue it records. */
function profileOf(stack: string, values: Record<string, string>): { profile: string; issues: string[] } {
  const reader = new ConfigReader("fin-data", stack, { get: (key) => values[key] }, {});
  const profile = readProfile(reader);
  try {
    reader.done(undefined);
    return { profile, issues: [] };
  } catch (error) {
    return { profile, issues: [...(error as ConfigValidationError).issues] };
  }
}

describe("environment profiles", () => {
  it("has exactly production and ephemeral, which differ only in high-availability capacity", () => {
    expect(PROFILES).toEqual(["production", "ephemeral"]);
    expect(PROFILE_SHAPES).toEqual({
      production: { auroraReaders: 1, auroraMinCapacity: undefined, minTasks: undefined },
      ephemeral: { auroraReaders: 0, auroraMinCapacity: 0, minTasks: 1 },
    });
  });

  it('"" chooses by stack name: pr-<n> is ephemeral, every other stack production', () => {
    expect(["pr-1", "pr-123", "dev", "staging", "prod", "pr-", "pr-1a", "feature-pr-1"].map(defaultProfile)).toEqual([
      "ephemeral",
      "ephemeral",
      "production",
      "production",
      "production",
      "production",
      "production",
      "production",
    ]);
    expect(EPHEMERAL_STACK.source).toBe("^pr-\\d+$");
    // The key and the pattern are @fin/naming's, so the orchestration's guards read them without Pulumi's SDK.
    expect([PROFILE_KEY, EPHEMERAL_STACK]).toEqual([naming.PROFILE_KEY, naming.EPHEMERAL_STACK]);
    expect(profileOf("pr-7", { "fin-data:profile": "" })).toEqual({ profile: "ephemeral", issues: [] });
    expect(profileOf("dev", { "fin-data:profile": "" })).toEqual({ profile: "production", issues: [] });
  });

  it("an explicit profile wins over the stack name", () => {
    expect(profileOf("pr-7", { "fin-data:profile": "production" })).toEqual({ profile: "production", issues: [] });
    expect(profileOf("dev", { "fin-data:profile": "ephemeral" })).toEqual({ profile: "ephemeral", issues: [] });
  });

  it("a profile name that does not exist is one clear error", () => {
    expect(profileOf("dev", { "fin-data:profile": "cheap" })).toEqual({
      profile: "production",
      issues: ['profile "cheap" is invalid: must be one of production, ephemeral, or "" to choose by stack name (pr-<n>: ephemeral, any other stack: production)'],
    });
  });

  it("prod, or any protected stack, cannot take ephemeral", () => {
    expect(profileOf("prod", { "fin-data:profile": "ephemeral", "fin-data:protected": "true" }).issues).toEqual([
      'profile "ephemeral" is invalid: must be production for stack prod: a protected stack (stack prod is always protected) keeps its reader in another AZ and its configured task counts',
    ]);
    expect(profileOf("staging", { "fin-data:profile": "ephemeral", "fin-data:protected": "true" }).issues).toEqual([
      'profile "ephemeral" is invalid: must be production for stack staging: a protected stack (its config sets protected: true) keeps its reader in another AZ and its configured task counts',
    ]);
    expect(profileOf("pr-9", { "fin-data:profile": "", "fin-data:protected": "true" }).issues).toHaveLength(1);
    expect(profileOf("prod", { "fin-data:profile": "production", "fin-data:protected": "true" })).toEqual({ profile: "production", issues: [] });
  });

  it("an undeclared profile key is reported as missing", () => {
    expect(profileOf("dev", {}).issues).toEqual(["profile is required but not set (declare a default in Pulumi.yaml or set it in the stack config)"]);
  });

  it("tags the profile when the layer has one", () => {
    const base: LayerConfig = {
      layer: "data",
      project: "fin-data",
      stack: "pr-1",
      environmentSuffix: "pr-1",
      region: "us-east-2",
      stackOrganization: "organization",
      owner: "platform-team",
      costCenter: "trading-analytics",
      dataClassification: "confidential",
      allowedAccountIds: [],
    };
    expect(defaultTags({ ...base, profile: "ephemeral" })[PROFILE_TAG]).toBe("ephemeral");
    expect(PROFILE_TAG in defaultTags(base)).toBe(false);
  });
});
