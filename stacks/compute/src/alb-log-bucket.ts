import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { REQUIREMENTS } from "@fin/config";
import { PolicyDocument, policyDocument, tlsOnlyStatement } from "@fin/iam";
import { physicalName } from "@fin/naming";

export interface AlbLogBucketArgs {
  readonly environmentSuffix: string;
  /** Key prefix the ALB writes under (must not contain "AWSLogs"). */
  readonly prefix: string;
}

export interface AlbLogBucketPolicyInputs {
  readonly bucketArn: string;
  readonly prefix: string;
  readonly accountId: string;
  /** The regional Elastic Load Balancing account (us-east-2 predates the log-delivery principal). */
  readonly elbPrincipalArn: string;
}

/** TLS-only access, and PutObject for the ELB account under this account's prefix only. */
export function albLogBucketPolicy(a: AlbLogBucketPolicyInputs): PolicyDocument {
  return policyDocument(tlsOnlyStatement(a.bucketArn), {
    Sid: "AllowElbAccessLogDelivery",
    Effect: "Allow",
    Principal: { AWS: a.elbPrincipalArn },
    Action: "s3:PutObject",
    Resource: `${a.bucketArn}/${a.prefix}/AWSLogs/${a.accountId}/*`,
  });
}

/**
 * The ALB access-log bucket. ALB delivery supports only SSE-S3, so this bucket, unlike the data
 * buckets, is not encrypted with a customer-managed key (documented suppression). Otherwise it
 * follows the bucket baseline: public access blocked, ACLs off, versioned, Glacier after 90 days.
 */
export class AlbLogBucket extends pulumi.ComponentResource {
  readonly bucket: aws.s3.Bucket;
  /** The ALB must wait for it: CreateLoadBalancer checks write access to the bucket. */
  readonly policy: aws.s3.BucketPolicy;

  constructor(name: string, args: AlbLogBucketArgs, opts?: pulumi.ComponentResourceOptions) {
    super("fin:compute:AlbLogBucket", name, {}, opts);

    const identity = aws.getCallerIdentityOutput({}, { parent: this });
    const elbAccount = aws.elb.getServiceAccountOutput({}, { parent: this });

    this.bucket = new aws.s3.Bucket(
      name,
      {
        // Bucket names are global: the account id keeps two accounts' environments apart.
        bucket: identity.accountId.apply((accountId) => physicalName("s3Bucket", `alb-logs-${accountId}`, args.environmentSuffix)),
        forceDestroy: true,
      },
      { parent: this },
    );
    const bucket = this.bucket.id;

    // S3 rejects concurrent configuration writes on one bucket (OperationAborted), so they chain.
    const publicAccess = new aws.s3.BucketPublicAccessBlock(
      name,
      { bucket, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
      { parent: this },
    );
    const ownership = new aws.s3.BucketOwnershipControls(
      name,
      { bucket, rule: { objectOwnership: "BucketOwnerEnforced" } },
      { parent: this, dependsOn: [publicAccess] },
    );
    const encryption = new aws.s3.BucketServerSideEncryptionConfiguration(
      name,
      { bucket, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] },
      { parent: this, dependsOn: [ownership] },
    );
    const versioning = new aws.s3.BucketVersioning(name, { bucket, versioningConfiguration: { status: "Enabled" } }, { parent: this, dependsOn: [encryption] });
    const lifecycle = new aws.s3.BucketLifecycleConfiguration(
      name,
      {
        bucket,
        // Log objects are small; the 128 KB default minimum would keep them out of Glacier.
        transitionDefaultMinimumObjectSize: "varies_by_storage_class",
        rules: [
          {
            id: "glacier-after-90-days",
            status: "Enabled",
            filter: { prefix: "" },
            transitions: [{ days: REQUIREMENTS.glacierTransitionDays, storageClass: "GLACIER" }],
            noncurrentVersionTransitions: [{ noncurrentDays: REQUIREMENTS.glacierTransitionDays, storageClass: "GLACIER" }],
            abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
          },
        ],
      },
      { parent: this, dependsOn: [versioning] },
    );
    this.policy = new aws.s3.BucketPolicy(
      name,
      {
        bucket,
        policy: pulumi
          .all([this.bucket.arn, identity.accountId, elbAccount.arn])
          .apply(([bucketArn, accountId, elbPrincipalArn]) => JSON.stringify(albLogBucketPolicy({ bucketArn, prefix: args.prefix, accountId, elbPrincipalArn }))),
      },
      { parent: this, dependsOn: [lifecycle] },
    );

    this.registerOutputs({});
  }
}
