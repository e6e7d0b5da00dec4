import { RepositoryEncryptedWithCustomerKey, RepositoryScansOnPush, RepositoryTagsImmutable } from "../../src/rules/ecr";
import { messagesOf, res, violationsOf } from "../plan-builder";

const REPO = "aws:ecr/repository:Repository";
const KEY = "arn:aws:kms:us-east-2:123456789012:key/storage";
const repo = (overrides: Record<string, unknown> = {}) =>
  res(REPO, "app", {
    name: "app-dev",
    imageTagMutability: "IMMUTABLE",
    imageScanningConfiguration: { scanOnPush: true },
    encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: KEY }],
    ...overrides,
  });

describe("ECR repository policies", () => {
  it.each([RepositoryScansOnPush, RepositoryTagsImmutable, RepositoryEncryptedWithCustomerKey].map((p) => [p.name, p] as const))(
    "%s passes the hardened repository",
    async (_name, policy) => {
      expect(await messagesOf(policy, repo())).toEqual([]);
    },
  );

  it("repository-scans-on-push reports, as advisory, a repository that does not scan", async () => {
    const violations = await violationsOf(RepositoryScansOnPush, repo({ imageScanningConfiguration: undefined }));
    expect(violations.map((v) => [v.enforcementLevel, v.message])).toEqual([["advisory", "imageScanningConfiguration.scanOnPush is not true."]]);
  });

  it("repository-tags-immutable reports mutable tags", async () => {
    expect(await messagesOf(RepositoryTagsImmutable, repo({ imageTagMutability: "MUTABLE" }))).toEqual([
      'imageTagMutability is "MUTABLE"; it must be "IMMUTABLE".',
    ]);
  });

  it.each([
    [undefined, "encryptionConfigurations is unset; it must be KMS with the storage key."],
    [[{ encryptionType: "AES256" }], 'encryptionConfigurations is [{"encryptionType":"AES256"}]; it must be KMS with the storage key.'],
    [[{ encryptionType: "KMS" }], 'encryptionConfigurations is [{"encryptionType":"KMS"}]; it must be KMS with the storage key.'],
  ])("repository-encrypted-with-customer-key reports %j", async (encryptionConfigurations, message) => {
    expect(await messagesOf(RepositoryEncryptedWithCustomerKey, repo({ encryptionConfigurations }))).toEqual([message]);
  });
});
