import { isKey } from "../src/kms-key";
import { KEY_IDS, SECURITY, keyRef } from "./support/fixtures";

describe("isKey", () => {
  const storage = keyRef("storage");

  it.each([
    ["the key ARN", SECURITY.storageKeyArn],
    ["the key id", KEY_IDS.storage],
    ["the alias name", "alias/storage-key-dev"],
    ["the alias ARN", "arn:aws:kms:us-east-2:123456789012:alias/storage-key-dev"],
  ])("accepts %s", (_what, observed) => {
    expect(isKey(observed, storage)).toBe(true);
  });

  it("rejects another key, the AWS-managed alias and nothing", () => {
    expect(isKey(SECURITY.logsKeyArn, storage)).toBe(false);
    expect(isKey("alias/aws/kinesis", storage)).toBe(false);
    expect(isKey(undefined, storage)).toBe(false);
  });
});
