import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { REQUIREMENTS } from "@fin/config";
import { Statement, policyDocument, tlsOnlyStatement } from "@fin/iam";
import { sseKmsOnlyStatements } from "./policy-documents";

/** How a bucket encrypts at rest. */
export type BucketEncryption =
  /** SSE-KMS with a customer-managed key and an S3 bucket key (fewer KMS calls, lower cost). */
  | { readonly kind: "kms"; readonly keyArn: pulumi.Input<string> }
  /** SSE-S3: the only default encryption S3 server access log delivery supports. */
  | { readonly kind: "s3" };

export interface DataBucketArgs {
  /** Physical bucket name (globally unique; see DataLake). */
  readonly bucketName: pulumi.Input<string>;
  readonly encryption: BucketEncryption;
  /** Where S3 writes this bucket's server access logs; omitted for the log bucket itself (no recursive logging). */
  readonly accessLogs?: { readonly targetBucket: pulumi.Input<string>; readonly targetPrefix: string };
  /** Statements added after the TLS-only deny (and, for a KMS bucket, the SSE-KMS-only denies), built from the bucket ARN. */
  readonly extraStatements?: (bucketArn: string) => pulumi.Input<Statement[]>;
}

/**
 * A versioned, private, encrypted bucket with a TLS-only policy and the Glacier lifecycle the
 * requirements fix. A KMS bucket's policy also refuses uploads that ask for any other encryption
 * than its key (sseKmsOnlyStatements). `forceDestroy` so an environment can be torn down with its data.
 */
export class DataBucket extends pulumi.ComponentResource {
  readonly bucket: aws.s3.Bucket;
  readonly publicAccessBlock: aws.s3.BucketPublicAccessBlock;
  readonly ownershipControls: aws.s3.BucketOwnershipControls;
  readonly encryption: aws.s3.BucketServerSideEncryptionConfiguration;
  readonly versioning: aws.s3.BucketVersioning;
  readonly lifecycle: aws.s3.BucketLifecycleConfiguration;
  readonly logging?: aws.s3.BucketLogging;
  readonly policy: aws.s3.BucketPolicy;
  readonly bucketName: pulumi.Output<string>;
  readonly arn: pulumi.Output<string>;

  constructor(name: string, args: DataBucketArgs, opts?: pulumi.ComponentResourceOptions) {
    super("fin:data:DataBucket", name, {}, opts);
    const parent = { parent: this };
    // S3 rejects concurrent writes to one bucket's sub-resources (409 OperationAborted), so each
    // one waits for the previous: public access block -> ownership -> SSE -> versioning ->
    // lifecycle -> logging -> policy.
    const after = (previous: pulumi.Resource) => ({ parent: this, dependsOn: [previous] });

    this.bucket = new aws.s3.Bucket(name, { bucket: args.bucketName, forceDestroy: true }, parent);
    const bucket = this.bucket.id;

    this.publicAccessBlock = new aws.s3.BucketPublicAccessBlock(
      name,
      { bucket, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
      after(this.bucket),
    );
    this.ownershipControls = new aws.s3.BucketOwnershipControls(
      name,
      { bucket, rule: { objectOwnership: "BucketOwnerEnforced" } },
      after(this.publicAccessBlock),
    );
    this.encryption = new aws.s3.BucketServerSideEncryptionConfiguration(
      name,
      {
        bucket,
        rules: [
          args.encryption.kind === "kms"
            ? { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: args.encryption.keyArn }, bucketKeyEnabled: true }
            : { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
        ],
      },
      after(this.ownershipControls),
    );
    this.versioning = new aws.s3.BucketVersioning(name, { bucket, versioningConfiguration: { status: "Enabled" } }, after(this.encryption));

    const glacierDays = REQUIREMENTS.glacierTransitionDays;
    this.lifecycle = new aws.s3.BucketLifecycleConfiguration(
      name,
      {
        bucket,
        // The 128 KB default would keep small ingest files in STANDARD forever.
        transitionDefaultMinimumObjectSize: "varies_by_storage_class",
        rules: [
          {
            id: `glacier-after-${glacierDays}-days`,
            status: "Enabled",
            filter: { prefix: "" },
            transitions: [{ days: glacierDays, storageClass: "GLACIER" }],
            noncurrentVersionTransitions: [{ noncurrentDays: glacierDays, storageClass: "GLACIER" }],
            abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
          },
        ],
      },
      after(this.versioning),
    );

    let last: pulumi.Resource = this.lifecycle;
    if (args.accessLogs) {
      this.logging = new aws.s3.BucketLogging(
        name,
        { bucket, targetBucket: args.accessLogs.targetBucket, targetPrefix: args.accessLogs.targetPrefix },
        after(this.lifecycle),
      );
      last = this.logging;
    }

    const extra = args.extraStatements ?? (() => []);
    const encryption = args.encryption;
    const policy = this.bucket.arn.apply((arn) =>
      pulumi
        .all([encryption.kind === "kms" ? pulumi.output(encryption.keyArn).apply((key) => sseKmsOnlyStatements(arn, key)) : [], extra(arn)])
        .apply(([kmsOnly, statements]) => JSON.stringify(policyDocument(tlsOnlyStatement(arn), ...(kmsOnly as Statement[]), ...(statements as Statement[])))),
    );
    this.policy = new aws.s3.BucketPolicy(name, { bucket, policy }, after(last));

    this.bucketName = this.bucket.bucket;
    this.arn = this.bucket.arn;
    this.registerOutputs({ bucketName: this.bucketName, arn: this.arn });
  }
}
