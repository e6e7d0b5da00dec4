import { KMS_MAX_DELETION_WINDOW_DAYS, KeyDeletionWindowAllowed, KeyRotationEnabled } from "../../src/rules/kms";
import { StreamEncryptedWithCustomerKey } from "../../src/rules/kinesis";
import { SecretEncryptedWithCustomerKey } from "../../src/rules/secretsmanager";
import { messagesOf, res } from "../plan-builder";

const KEY = "aws:kms/key:Key";
const KEY_ARN = "arn:aws:kms:us-east-2:123456789012:key/storage";

describe("key-rotation-enabled", () => {
  it("passes a rotating symmetric key and skips asymmetric keys, which cannot rotate", async () => {
    expect(
      await messagesOf(
        KeyRotationEnabled,
        res(KEY, "logs", { enableKeyRotation: true, customerMasterKeySpec: "SYMMETRIC_DEFAULT" }),
        res(KEY, "signing", { customerMasterKeySpec: "RSA_2048", keyUsage: "SIGN_VERIFY" }),
      ),
    ).toEqual([]);
  });

  it("reports a key that does not rotate", async () => {
    expect(await messagesOf(KeyRotationEnabled, res(KEY, "logs", { enableKeyRotation: false }))).toEqual(["enableKeyRotation is false; it must be true."]);
  });
});

describe("key-deletion-window-allowed", () => {
  it.each([7, 30, undefined])("passes a deletion window of %s days", async (days) => {
    expect(await messagesOf(KeyDeletionWindowAllowed, res(KEY, "logs", { deletionWindowInDays: days }))).toEqual([]);
  });

  it("uses KMS's own upper limit", () => {
    expect(KMS_MAX_DELETION_WINDOW_DAYS).toBe(30);
  });

  it.each([6, 31])("reports a deletion window of %s days", async (days) => {
    expect(await messagesOf(KeyDeletionWindowAllowed, res(KEY, "logs", { deletionWindowInDays: days }))).toEqual([
      `deletionWindowInDays is ${days}; it must be between 7 and 30.`,
    ]);
  });
});

describe("stream-encrypted-with-customer-key", () => {
  const STREAM = "aws:kinesis/stream:Stream";

  it("passes a stream encrypted with the storage key", async () => {
    expect(await messagesOf(StreamEncryptedWithCustomerKey, res(STREAM, "ticks", { encryptionType: "KMS", kmsKeyId: KEY_ARN }))).toEqual([]);
  });

  it.each([
    [{}, "encryptionType is unset with kmsKeyId unset; it must be \"KMS\" with the storage key."],
    [{ encryptionType: "KMS", kmsKeyId: "alias/aws/kinesis" }, 'encryptionType is "KMS" with kmsKeyId "alias/aws/kinesis"; it must be "KMS" with the storage key.'],
  ])("reports %j", async (inputs, message) => {
    expect(await messagesOf(StreamEncryptedWithCustomerKey, res(STREAM, "ticks", inputs))).toEqual([message]);
  });
});

describe("secret-encrypted-with-customer-key", () => {
  const SECRET = "aws:secretsmanager/secret:Secret";

  it("passes a secret encrypted with a customer key alias", async () => {
    expect(await messagesOf(SecretEncryptedWithCustomerKey, res(SECRET, "api", { kmsKeyId: "alias/database-key-dev" }))).toEqual([]);
  });

  it.each([{}, { kmsKeyId: "arn:aws:kms:us-east-2:123456789012:alias/aws/secretsmanager" }])("reports %j", async (inputs) => {
    expect(await messagesOf(SecretEncryptedWithCustomerKey, res(SECRET, "api", inputs))).toEqual(["kmsKeyId is unset or AWS-managed; set it to a customer-managed key."]);
  });
});
