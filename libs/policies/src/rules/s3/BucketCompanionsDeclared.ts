import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { StackValidationPolicy } from "@pulumi/policy";
import { bucketKeys } from "../../lib/buckets";

/** What every bucket needs beside it, by the v7 resource that provides it. */
const COMPANIONS: ReadonlyArray<{ readonly what: string; readonly type: new (...args: any[]) => pulumi.Resource }> = [
  { what: "versioning", type: aws.s3.BucketVersioning },
  { what: "server-side encryption", type: aws.s3.BucketServerSideEncryptionConfiguration },
  { what: "public access block", type: aws.s3.BucketPublicAccessBlock },
  { what: "lifecycle configuration", type: aws.s3.BucketLifecycleConfiguration },
  { what: "TLS-only bucket policy", type: aws.s3.BucketPolicy },
];

/**
 * Every bucket has its versioning, encryption, public access block, lifecycle and bucket policy
 * companions in the same stack. In @pulumi/aws v7 these are separate resources, so a bucket without
 * them passes every per-resource policy while being unversioned, public-capable and lifecycle-free.
 */
export const BucketCompanionsDeclared: StackValidationPolicy = {
  name: "bucket-companions-declared",
  description: "Every S3 bucket has versioning, encryption, public access block, lifecycle and bucket policy resources.",
  enforcementLevel: "mandatory",
  validateStack: (args, report) => {
    for (const bucket of args.resources.filter((r) => r.isType(aws.s3.Bucket))) {
      const keys = bucketKeys(bucket);
      const missing = COMPANIONS.filter(
        (c) => !args.resources.some((r) => r.isType(c.type) && keys.includes(r.props.bucket)),
      ).map((c) => c.what);
      if (missing.length > 0) {
        report(`Bucket '${keys[0]}' has no ${missing.join(", ")} resource.`, bucket.urn);
      }
    }
  },
};
