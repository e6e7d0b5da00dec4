import {
  AuroraDeletionProtectionDisabled,
  AuroraEncryptedWithCustomerKey,
  AuroraIamAuthenticationEnabled,
  AuroraRetainsBackupsRequiredDays,
  AuroraSkipsFinalSnapshot,
  DbInstanceNotPubliclyAccessible,
} from "../../src/rules/rds";
import { messagesOf, res } from "../plan-builder";

const CLUSTER = "aws:rds/cluster:Cluster";
const KEY = "arn:aws:kms:us-east-2:123456789012:key/database";
const compliant = {
  clusterIdentifier: "warehouse-dev",
  backupRetentionPeriod: 35,
  storageEncrypted: true,
  kmsKeyId: KEY,
  manageMasterUserPassword: true,
  masterUserSecretKmsKeyId: KEY,
  skipFinalSnapshot: true,
  deletionProtection: false,
  iamDatabaseAuthenticationEnabled: true,
};
const cluster = (overrides: Record<string, unknown> = {}) => res(CLUSTER, "warehouse", { ...compliant, ...overrides });

describe("Aurora cluster policies", () => {
  const policies = [AuroraRetainsBackupsRequiredDays, AuroraEncryptedWithCustomerKey, AuroraSkipsFinalSnapshot, AuroraDeletionProtectionDisabled, AuroraIamAuthenticationEnabled];
  it.each(policies.map((p) => [p.name, p] as const))(
    "%s passes the compliant cluster",
    async (_name, policy) => {
      expect(await messagesOf(policy, cluster())).toEqual([]);
    },
  );

  it("aurora-retains-backups-required-days reports 7 days", async () => {
    expect(await messagesOf(AuroraRetainsBackupsRequiredDays, cluster({ backupRetentionPeriod: 7 }))).toEqual([
      "backupRetentionPeriod is 7; the requirements fix it at exactly 35 days.",
    ]);
  });

  it("aurora-encrypted-with-customer-key reports unencrypted storage, a missing key and an AWS-managed secret key", async () => {
    expect(
      await messagesOf(
        AuroraEncryptedWithCustomerKey,
        cluster({ storageEncrypted: undefined, kmsKeyId: undefined, masterUserSecretKmsKeyId: "alias/aws/secretsmanager" }),
      ),
    ).toEqual([
      "storageEncrypted is unset; it must be true.",
      "kmsKeyId is unset; set it to the ARN of the security layer's database key.",
      "masterUserSecretKmsKeyId is unset; the managed master secret must use the database key.",
    ]);
  });

  it("aurora-encrypted-with-customer-key does not ask for a secret key when the password is not managed", async () => {
    expect(await messagesOf(AuroraEncryptedWithCustomerKey, cluster({ manageMasterUserPassword: false, masterUserSecretKmsKeyId: undefined }))).toEqual([]);
  });

  it("aurora-skips-final-snapshot reports a final snapshot", async () => {
    expect(await messagesOf(AuroraSkipsFinalSnapshot, cluster({ skipFinalSnapshot: false }))).toEqual(["skipFinalSnapshot is false; it must be true."]);
  });

  it("aurora-deletion-protection-disabled reports deletion protection", async () => {
    expect(await messagesOf(AuroraDeletionProtectionDisabled, cluster({ deletionProtection: true }))).toEqual([
      "deletionProtection is true; the requirements forbid deletion protection.",
    ]);
  });

  it("aurora-iam-authentication-enabled reports IAM auth left off", async () => {
    expect(await messagesOf(AuroraIamAuthenticationEnabled, cluster({ iamDatabaseAuthenticationEnabled: undefined }))).toEqual([
      "iamDatabaseAuthenticationEnabled is unset; it must be true.",
    ]);
  });
});

describe("db-instance-not-publicly-accessible", () => {
  const INSTANCE = "aws:rds/clusterInstance:ClusterInstance";

  it("passes an instance that sets publiclyAccessible to false", async () => {
    expect(await messagesOf(DbInstanceNotPubliclyAccessible, res(INSTANCE, "writer", { publiclyAccessible: false }))).toEqual([]);
  });

  it.each([
    [true, "publiclyAccessible is true; it must be false explicitly."],
    [undefined, "publiclyAccessible is unset; it must be false explicitly."],
  ])("reports publiclyAccessible %s", async (value, message) => {
    expect(await messagesOf(DbInstanceNotPubliclyAccessible, res(INSTANCE, "writer", { publiclyAccessible: value }))).toEqual([message]);
  });
});
