import {
  BucketCompanionsDeclared,
  BucketEncryptedWithCustomerKey,
  BucketLifecycleToGlacier,
  BucketPolicyRequiresTls,
  BucketPublicAccessBlocked,
  BucketVersioningEnabled,
  PUBLIC_ACCESS_FLAGS,
} from "../../src/rules/s3";
import { deniesInsecureTransport } from "../../src/rules/s3/BucketPolicyRequiresTls";
import { messagesOf, res, urnOf, violationsOf } from "../plan-builder";

const BUCKET = "aws:s3/bucket:Bucket";
const SSE = "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration";
const KEY = "arn:aws:kms:us-east-2:123456789012:key/storage";

const tlsOnly = (bucket: string) =>
  JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`],
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      },
    ],
  });

/** A bucket with all five companions, as the data layer's DataBucket declares it. */
function bucketWithCompanions(name: string, sse: Record<string, unknown>) {
  return [
    res(BUCKET, name, { bucket: name, forceDestroy: true }, { id: name }),
    res("aws:s3/bucketVersioning:BucketVersioning", `${name}-versioning`, { bucket: name, versioningConfiguration: { status: "Enabled" } }),
    res(SSE, `${name}-sse`, { bucket: name, rules: [{ applyServerSideEncryptionByDefault: sse, bucketKeyEnabled: true }] }),
    res("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", `${name}-pab`, {
      bucket: name,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    }),
    res("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", `${name}-lifecycle`, {
      bucket: name,
      rules: [
        {
          id: "glacier",
          status: "Enabled",
          filter: { prefix: "" },
          transitions: [{ days: 90, storageClass: "GLACIER" }],
          noncurrentVersionTransitions: [{ noncurrentDays: 90, storageClass: "GLACIER" }],
        },
      ],
    }),
    res("aws:s3/bucketPolicy:BucketPolicy", `${name}-policy`, { bucket: name, policy: tlsOnly(name) }),
  ];
}

const dataBucket = () => bucketWithCompanions("raw-dev", { sseAlgorithm: "aws:kms", kmsMasterKeyId: KEY });
const logBucket = () => bucketWithCompanions("access-logs-dev", { sseAlgorithm: "AES256" });

describe("per-resource bucket policies", () => {
  const policies = [BucketVersioningEnabled, BucketPublicAccessBlocked, BucketLifecycleToGlacier, BucketPolicyRequiresTls];

  it.each(policies.map((p) => [p.name, p] as const))("%s passes the fully configured bucket", async (_name, policy) => {
    expect(await messagesOf(policy, ...dataBucket())).toEqual([]);
  });

  it("bucket-versioning-enabled reports suspended versioning", async () => {
    expect(
      await messagesOf(BucketVersioningEnabled, res("aws:s3/bucketVersioning:BucketVersioning", "v", { bucket: "raw-dev", versioningConfiguration: { status: "Suspended" } })),
    ).toEqual(['versioningConfiguration.status is "Suspended"; it must be "Enabled".']);
  });

  it("bucket-public-access-blocked names every flag left off", async () => {
    expect(PUBLIC_ACCESS_FLAGS).toEqual(["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"]);
    expect(
      await messagesOf(BucketPublicAccessBlocked, res("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "pab", { bucket: "raw-dev", blockPublicAcls: true, ignorePublicAcls: false })),
    ).toEqual(["blockPublicPolicy, ignorePublicAcls, restrictPublicBuckets must be true."]);
  });

  it("bucket-lifecycle-to-glacier reports a 30-day rule, a disabled rule and missing noncurrent transitions", async () => {
    const lifecycle = res("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", "l", {
      bucket: "raw-dev",
      rules: [
        { id: "early", status: "Enabled", transitions: [{ days: 30, storageClass: "GLACIER" }] },
        { id: "off", status: "Disabled", transitions: [{ days: 90, storageClass: "GLACIER" }], noncurrentVersionTransitions: [{ noncurrentDays: 90, storageClass: "GLACIER" }] },
      ],
    });
    expect(await messagesOf(BucketLifecycleToGlacier, lifecycle)).toEqual([
      "No enabled rule transitions current objects to GLACIER after 90 days.",
      "No enabled rule transitions noncurrent versions to GLACIER after 90 days.",
    ]);
  });

  it("bucket-policy-requires-tls reports a policy without the TLS deny", async () => {
    const policy = JSON.stringify({ Statement: { Effect: "Allow", Principal: { Service: "logging.s3.amazonaws.com" }, Action: "s3:PutObject", Resource: "arn:aws:s3:::raw-dev/*" } });
    expect(await messagesOf(BucketPolicyRequiresTls, res("aws:s3/bucketPolicy:BucketPolicy", "p", { bucket: "raw-dev", policy }))).toEqual([
      'No statement denies s3:* to Principal "*" on [bucketArn, bucketArn/*] when aws:SecureTransport is "false".',
    ]);
  });

  it("bucket-policy-requires-tls recognises only the full deny (both ARNs, any principal, the condition)", () => {
    const full = { Effect: "Deny", Principal: { AWS: "*" }, Action: ["*"], Resource: ["arn:aws:s3:::b", "arn:aws:s3:::b/*"], Condition: { Bool: { "aws:SecureTransport": false } } };
    expect(deniesInsecureTransport(full)).toBe(true);
    expect(deniesInsecureTransport({ ...full, Resource: "arn:aws:s3:::b/*" })).toBe(false);
    expect(deniesInsecureTransport({ ...full, Resource: "arn:aws:s3:::b" })).toBe(false);
    expect(deniesInsecureTransport({ ...full, Principal: { AWS: "arn:aws:iam::1:root" } })).toBe(false);
    expect(deniesInsecureTransport({ ...full, Principal: null })).toBe(false);
    expect(deniesInsecureTransport({ ...full, Action: "s3:GetObject" })).toBe(false);
    expect(deniesInsecureTransport({ ...full, Effect: "Allow" })).toBe(false);
    expect(deniesInsecureTransport({ ...full, Condition: undefined })).toBe(false);
  });
});

describe("bucket-companions-declared", () => {
  it("passes buckets with all five companions", async () => {
    expect(await messagesOf(BucketCompanionsDeclared, ...dataBucket(), ...logBucket())).toEqual([]);
  });

  it("matches companions by the bucket's id when the bucket is autonamed", async () => {
    const companions = dataBucket().slice(1);
    expect(await messagesOf(BucketCompanionsDeclared, res(BUCKET, "raw", {}, { id: "raw-dev" }), ...companions)).toEqual([]);
  });

  it("reports what a bare bucket is missing, on the bucket", async () => {
    expect(await violationsOf(BucketCompanionsDeclared, res(BUCKET, "bare", { bucket: "bare-dev" }, { id: "bare-dev" }), ...dataBucket().slice(1))).toEqual([
      {
        policy: "bucket-companions-declared",
        enforcementLevel: "mandatory",
        urn: urnOf(BUCKET, "bare"),
        message: "Bucket 'bare-dev' has no versioning, server-side encryption, public access block, lifecycle configuration, TLS-only bucket policy resource.",
      },
    ]);
  });
});

describe("bucket-encrypted-with-customer-key", () => {
  const accessLogging = res("aws:s3/bucketLogging:BucketLogging", "raw-logging", { bucket: "raw-dev", targetBucket: "access-logs-dev", targetPrefix: "raw/" });
  const alb = (bucket: string, enabled?: boolean) => res("aws:lb/loadBalancer:LoadBalancer", "alb", { accessLogs: { bucket, enabled } });

  it("passes SSE-KMS data buckets and SSE-S3 log destinations (server access logs and ALB logs)", async () => {
    const albLogs = bucketWithCompanions("alb-logs-dev", { sseAlgorithm: "AES256" });
    expect(await messagesOf(BucketEncryptedWithCustomerKey, ...dataBucket(), ...logBucket(), accessLogging, ...albLogs, alb("alb-logs-dev"))).toEqual([]);
  });

  it("reports SSE-S3 on a data bucket and on a bucket nothing logs into, on the encryption resource", async () => {
    const violations = await violationsOf(
      BucketEncryptedWithCustomerKey,
      ...bucketWithCompanions("raw-dev", { sseAlgorithm: "AES256" }),
      ...bucketWithCompanions("alb-logs-dev", { sseAlgorithm: "AES256" }),
      alb("alb-logs-dev", false),
      res(SSE, "no-default", { bucket: "odd-dev", rules: [{ bucketKeyEnabled: true }] }),
    );
    expect(violations.map((v) => [v.urn, v.message])).toEqual([
      [urnOf(SSE, "raw-dev-sse"), 'Bucket \'raw-dev\' encrypts with "AES256" and key unset; use aws:kms with the storage key (only log destination buckets may use AES256).'],
      [urnOf(SSE, "alb-logs-dev-sse"), 'Bucket \'alb-logs-dev\' encrypts with "AES256" and key unset; use aws:kms with the storage key (only log destination buckets may use AES256).'],
      [urnOf(SSE, "no-default"), "Bucket 'odd-dev' encrypts with unset and key unset; use aws:kms with the storage key (only log destination buckets may use AES256)."],
    ]);
  });

  it("reports SSE-KMS under the AWS-managed key", async () => {
    expect(await messagesOf(BucketEncryptedWithCustomerKey, ...bucketWithCompanions("raw-dev", { sseAlgorithm: "aws:kms", kmsMasterKeyId: "alias/aws/s3" }))).toEqual([
      'Bucket \'raw-dev\' encrypts with "aws:kms" and key "alias/aws/s3"; use aws:kms with the storage key (only log destination buckets may use AES256).',
    ]);
  });
});
