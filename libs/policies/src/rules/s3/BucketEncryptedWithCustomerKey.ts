import * as aws from "@pulumi/aws";
import { StackValidationPolicy } from "@pulumi/policy";
import { logDestinationNames } from "../../lib/buckets";
import { isCustomerManagedKey, list, show } from "../../lib/values";

/**
 * Buckets encrypt with SSE-KMS under a customer-managed key (S3DefaultEncryptionKMS, CKV_AWS_145,
 * AVD-AWS-0132), except log destination buckets, where S3 server access logging and ALB access
 * logs only deliver into SSE-S3 (AES256). A stack policy, because the exemption depends on which
 * other resources write into the bucket.
 */
export const BucketEncryptedWithCustomerKey: StackValidationPolicy = {
  name: "bucket-encrypted-with-customer-key",
  description: "S3 buckets use SSE-KMS with a customer-managed key; log destination buckets may use SSE-S3.",
  enforcementLevel: "mandatory",
  validateStack: (args, report) => {
    const logBuckets = logDestinationNames(args.resources);
    for (const sse of args.resources.filter((r) => r.isType(aws.s3.BucketServerSideEncryptionConfiguration))) {
      const bucket = String(sse.props.bucket);
      for (const rule of list(sse.props.rules)) {
        const byDefault = rule.applyServerSideEncryptionByDefault;
        const kms = ["aws:kms", "aws:kms:dsse"].includes(String(byDefault?.sseAlgorithm)) && isCustomerManagedKey(byDefault?.kmsMasterKeyId);
        const logExempt = logBuckets.has(bucket) && byDefault?.sseAlgorithm === "AES256";
        if (!kms && !logExempt) {
          report(
            `Bucket '${bucket}' encrypts with ${show(byDefault?.sseAlgorithm)} and key ${show(byDefault?.kmsMasterKeyId)}; ` +
              "use aws:kms with the storage key (only log destination buckets may use AES256).",
            sse.urn,
          );
        }
      }
    }
  },
};
