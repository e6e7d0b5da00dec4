import * as aws from "@pulumi/aws";
import { ResourceValidationPolicy, validateResourceOfType } from "@pulumi/policy";

/** The four public access block flags. */
export const PUBLIC_ACCESS_FLAGS = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"] as const;

/** Buckets block every form of public access (S2, S3.8, CKV2_AWS_6, CKV_AWS_53-56, AVD-AWS-0086/0087/0091/0093/0094). */
export const BucketPublicAccessBlocked: ResourceValidationPolicy = {
  name: "bucket-public-access-blocked",
  description: "S3 public access blocks set all four flags.",
  enforcementLevel: "mandatory",
  validateResource: validateResourceOfType(aws.s3.BucketPublicAccessBlock, (block, _args, report) => {
    const off = PUBLIC_ACCESS_FLAGS.filter((flag) => block[flag] !== true);
    if (off.length > 0) {
      report(`${off.join(", ")} must be true.`);
    }
  }),
};
