import { REQUIREMENTS } from "@fin/config";
import { SECURITY_OUTPUT_KEYS } from "@fin/contracts";
import type { MockHarness, RecordedResource } from "@fin/testing";
import { runSecurity } from "./program";

const KEY = "aws:kms/key:Key";
const ALIAS = "aws:kms/alias:Alias";
const ROOT = {
  Sid: "EnableAccountAdministrationAndIamPolicies",
  Effect: "Allow",
  Principal: { AWS: "arn:aws:iam::123456789012:root" },
  Action: "kms:*",
  Resource: "*",
};

describe("security stack (dev)", () => {
  let harness: MockHarness;
  let outputs: Record<string, unknown>;
  const key = (purpose: string): RecordedResource => harness.one(KEY, `platform-${purpose}`);
  const policy = (purpose: string) => JSON.parse(key(purpose).inputs["policy"]);

  beforeAll(async () => {
    ({ harness, outputs } = await runSecurity("dev"));
  });

  it("creates exactly four keys, each with one alias, and nothing else in AWS", () => {
    expect(harness.awsResources().map((r) => `${r.type} ${r.name}`).sort()).toEqual([
      "aws:kms/alias:Alias platform-backup",
      "aws:kms/alias:Alias platform-database",
      "aws:kms/alias:Alias platform-logs",
      "aws:kms/alias:Alias platform-storage",
      "aws:kms/key:Key platform-backup",
      "aws:kms/key:Key platform-database",
      "aws:kms/key:Key platform-logs",
      "aws:kms/key:Key platform-storage",
    ]);
  });

  it.each(["database", "logs", "storage", "backup"])("%s key: symmetric, rotating, deletable after 7 days", (purpose) => {
    expect(key(purpose).inputs).toMatchObject({
      keyUsage: "ENCRYPT_DECRYPT",
      customerMasterKeySpec: "SYMMETRIC_DEFAULT",
      enableKeyRotation: true,
      deletionWindowInDays: 7,
      tags: { Name: `${purpose}-key-dev`, purpose },
    });
    expect(key(purpose).inputs["deletionWindowInDays"]).toBe(REQUIREMENTS.kmsDeletionWindowDays);
    expect(key(purpose).inputs["description"]).toMatch(new RegExp(`^${purpose}-key-dev: `));
    expect(key(purpose).inputs).not.toHaveProperty("bypassPolicyLockoutSafetyCheck");
  });

  it.each(["database", "storage", "backup"])("%s key policy keeps only the account root (services use it through IAM grants)", (purpose) => {
    expect(policy(purpose)).toEqual({ Version: "2012-10-17", Statement: [ROOT] });
  });

  it("logs key policy also admits CloudWatch Logs of this account and region", () => {
    expect(policy("logs")).toEqual({
      Version: "2012-10-17",
      Statement: [
        ROOT,
        {
          Sid: "AllowCloudWatchLogsOfThisAccount",
          Effect: "Allow",
          Principal: { Service: "logs.us-east-2.amazonaws.com" },
          Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
          Resource: "*",
          Condition: { ArnLike: { "kms:EncryptionContext:aws:logs:arn": "arn:aws:logs:us-east-2:123456789012:log-group:*" } },
        },
      ],
    });
  });

  it.each(["database", "logs", "storage", "backup"])("%s alias carries the suffix and targets its key", (purpose) => {
    const alias = harness.one(ALIAS, `platform-${purpose}`);
    expect(alias.inputs).toEqual({ name: `alias/${purpose}-key-dev`, targetKeyId: key(purpose).id });
  });

  it("puts every AWS resource on the explicit, tagged us-east-2 provider and under the component", () => {
    const provider = harness.one("pulumi:providers:aws");
    expect(provider.inputs["region"]).toBe("us-east-2");
    expect(JSON.parse(provider.inputs["defaultTags"])).toEqual({
      tags: {
        environment: "dev",
        "environment-suffix": "dev",
        layer: "security",
        owner: "platform-team",
        "cost-center": "trading-analytics",
        "data-classification": "confidential",
        "managed-by": "pulumi",
      },
    });
    const component = harness.one("fin:security:PlatformKeys", "platform");
    for (const resource of harness.awsResources()) {
      expect(resource.provider).toBe(`${provider.urn}::${provider.id}`);
      expect(resource.parent).toBe(component.urn);
      expect(resource.protect).toBe(false);
      expect(resource.retainOnDelete).toBe(false);
    }
  });

  it("exports exactly the SecurityOutputs contract", () => {
    expect(Object.keys(outputs).sort()).toEqual(Object.keys(SECURITY_OUTPUT_KEYS).sort());
    for (const purpose of ["database", "logs", "storage", "backup"]) {
      expect(outputs[`${purpose}KeyArn`]).toBe(`arn:aws:kms:us-east-2:123456789012:key/${key(purpose).id}`);
      expect(outputs[`${purpose}KeyId`]).toBe(key(purpose).id);
      expect(outputs[`${purpose}KeyAlias`]).toBe(`alias/${purpose}-key-dev`);
    }
  });
});

describe("security stack configuration", () => {
  it("names everything after ENVIRONMENT_SUFFIX in a stack that leaves environmentSuffix unset (an ephemeral stack)", async () => {
    const { outputs } = await runSecurity("dev", { ENVIRONMENT_SUFFIX: "pr-123" }, { "fin-security:environmentSuffix": "" });
    expect(outputs["logsKeyAlias"]).toBe("alias/logs-key-pr-123");
  });

  it("refuses an ENVIRONMENT_SUFFIX that would rename dev, before declaring any AWS resource", async () => {
    await expect(runSecurity("dev", { ENVIRONMENT_SUFFIX: "pr-123" })).rejects.toThrow(
      "fin-security/dev config has 1 issue:\n  - ENVIRONMENT_SUFFIX 'pr-123' differs from the stack config's environmentSuffix 'dev'",
    );
  });

  it.each(["staging", "prod"])("uses the %s stack's suffix", async (stack) => {
    const { outputs } = await runSecurity(stack);
    expect(outputs["databaseKeyAlias"]).toBe(`alias/database-key-${stack}`);
  });

  it("stops on a bad suffix before declaring any AWS resource, with one message", async () => {
    let harness: MockHarness | undefined;
    await expect(
      runSecurity("dev", { ENVIRONMENT_SUFFIX: "Bad_Suffix!" }, { "fin-security:environmentSuffix": "" }).then((r) => {
        harness = r.harness;
      }),
    ).rejects.toThrow(
      "fin-security/dev config has 1 issue:\n" +
        "  - environmentSuffix 'Bad_Suffix!' is invalid: it must be 1-20 characters of lowercase letters, digits and single hyphens, " +
        "starting with a letter and not ending with a hyphen",
    );
    expect(harness).toBeUndefined();
  });
});
