import { MockHarness, RecordedResource, TEST_ACCOUNT_ID, runProgram, setupMocks } from "@fin/testing";
import { DataBucket } from "../src/data-bucket";
import { KEYS, json } from "./fixtures";

const S3 = {
  bucket: "aws:s3/bucket:Bucket",
  pab: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
  ownership: "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
  sse: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
  versioning: "aws:s3/bucketVersioning:BucketVersioning",
  lifecycle: "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
  logging: "aws:s3/bucketLogging:BucketLogging",
  policy: "aws:s3/bucketPolicy:BucketPolicy",
} as const;

const GLACIER_LIFECYCLE = {
  bucket: "raw-data-dev-123456789012",
  transitionDefaultMinimumObjectSize: "varies_by_storage_class",
  rules: [
    {
      id: "glacier-after-90-days",
      status: "Enabled",
      filter: { prefix: "" },
      transitions: [{ days: 90, storageClass: "GLACIER" }],
      noncurrentVersionTransitions: [{ noncurrentDays: 90, storageClass: "GLACIER" }],
      abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
    },
  ],
};

describe("DataBucket with the storage key and access logging", () => {
  let harness: MockHarness;
  const sub = (type: string) => harness.one(type, "raw");

  beforeAll(async () => {
    harness = await setupMocks({ project: "fin-data", stack: "dev" });
    await runProgram(() => {
      new DataBucket("raw", {
        bucketName: "raw-data-dev-123456789012",
        encryption: { kind: "kms", keyArn: KEYS.storage },
        accessLogs: { targetBucket: "s3-access-logs-dev-123456789012", targetPrefix: "raw-data/" },
      });
    });
  });

  it("declares the bucket and exactly one of each sub-resource under the component", () => {
    const component = harness.one("fin:data:DataBucket", "raw");
    expect(harness.awsResources().map((r) => r.type)).toEqual(Object.values(S3));
    expect(harness.awsResources().every((r) => r.parent === component.urn)).toBe(true);
    expect(sub(S3.bucket).inputs).toEqual({ bucket: "raw-data-dev-123456789012", forceDestroy: true });
  });

  it("blocks every form of public access and disables ACLs", () => {
    expect(sub(S3.pab).inputs).toEqual({
      bucket: "raw-data-dev-123456789012",
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    expect(sub(S3.ownership).inputs).toEqual({ bucket: "raw-data-dev-123456789012", rule: { objectOwnership: "BucketOwnerEnforced" } });
  });

  it("encrypts with the storage key and an S3 bucket key, and keeps every version", () => {
    expect(sub(S3.sse).inputs).toEqual({
      bucket: "raw-data-dev-123456789012",
      rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: KEYS.storage }, bucketKeyEnabled: true }],
    });
    expect(sub(S3.versioning).inputs).toEqual({ bucket: "raw-data-dev-123456789012", versioningConfiguration: { status: "Enabled" } });
  });

  it("moves current and noncurrent versions of any size to Glacier after 90 days and aborts stale uploads", () => {
    expect(sub(S3.lifecycle).inputs).toEqual(GLACIER_LIFECYCLE);
  });

  it("sends server access logs to the log bucket", () => {
    expect(sub(S3.logging).inputs).toEqual({ bucket: "raw-data-dev-123456789012", targetBucket: "s3-access-logs-dev-123456789012", targetPrefix: "raw-data/" });
  });

  it("denies any request not made over TLS, and any upload asking for other encryption than SSE-KMS with the storage key", () => {
    const objects = "arn:aws:s3:::raw-data-dev-123456789012/*";
    const denyPut = (Sid: string, Condition: unknown) => ({ Sid, Effect: "Deny", Principal: "*", Action: "s3:PutObject", Resource: objects, Condition });
    expect(json(sub(S3.policy).inputs.policy)).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "DenyInsecureTransport",
          Effect: "Deny",
          Principal: "*",
          Action: "s3:*",
          Resource: ["arn:aws:s3:::raw-data-dev-123456789012", objects],
          Condition: { Bool: { "aws:SecureTransport": "false" } },
        },
        denyPut("DenyOtherEncryptionAlgorithms", {
          Null: { "s3:x-amz-server-side-encryption": "false" },
          StringNotEquals: { "s3:x-amz-server-side-encryption": "aws:kms" },
        }),
        denyPut("DenyOtherKmsKeys", {
          Null: { "s3:x-amz-server-side-encryption-aws-kms-key-id": "false" },
          StringNotEquals: { "s3:x-amz-server-side-encryption-aws-kms-key-id": KEYS.storage },
        }),
        denyPut("DenyKmsWithoutTheStorageKey", {
          Null: { "s3:x-amz-server-side-encryption": "false", "s3:x-amz-server-side-encryption-aws-kms-key-id": "true" },
        }),
        denyPut("DenyCustomerProvidedKeys", { Null: { "s3:x-amz-server-side-encryption-customer-algorithm": "false" } }),
      ],
    });
  });

  it("orders the sub-resources so S3 never sees two writes at once", () => {
    const chain = [S3.bucket, S3.pab, S3.ownership, S3.sse, S3.versioning, S3.lifecycle, S3.logging, S3.policy].map(sub);
    chain.slice(1).forEach((resource: RecordedResource, i) => expect(resource.dependsOn).toContain(chain[i].urn));
  });
});

describe("DataBucket for access logs", () => {
  it("uses SSE-S3 (all log delivery supports), logs nowhere itself and appends the extra statements", async () => {
    const harness = await setupMocks({ project: "fin-data", stack: "dev" });
    await runProgram(() => {
      new DataBucket("logs", {
        bucketName: "s3-access-logs-dev-123456789012",
        encryption: { kind: "s3" },
        extraStatements: (arn) => [{ Sid: "Extra", Effect: "Allow", Principal: { AWS: TEST_ACCOUNT_ID }, Action: "s3:GetObject", Resource: `${arn}/*` }],
      });
    });
    expect(harness.ofType(S3.logging)).toHaveLength(0);
    expect(harness.one(S3.sse).inputs.rules).toEqual([{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }]);
    expect(harness.one(S3.versioning).inputs.versioningConfiguration).toEqual({ status: "Enabled" });
    expect(harness.one(S3.lifecycle).inputs).toEqual({ ...GLACIER_LIFECYCLE, bucket: "s3-access-logs-dev-123456789012" });
    expect(harness.one(S3.policy).dependsOn).toContain(harness.one(S3.lifecycle).urn);
    expect((json(harness.one(S3.policy).inputs.policy) as { Statement: unknown[] }).Statement).toEqual([
      expect.objectContaining({ Sid: "DenyInsecureTransport", Resource: ["arn:aws:s3:::s3-access-logs-dev-123456789012", "arn:aws:s3:::s3-access-logs-dev-123456789012/*"] }),
      { Sid: "Extra", Effect: "Allow", Principal: { AWS: TEST_ACCOUNT_ID }, Action: "s3:GetObject", Resource: "arn:aws:s3:::s3-access-logs-dev-123456789012/*" },
    ]);
  });
});
