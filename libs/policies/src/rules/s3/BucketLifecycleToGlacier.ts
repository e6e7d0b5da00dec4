import * as aws from "@pulumi/aws";
import { ResourceValidationPolicy, validateResourceOfType } from "@pulumi/policy";
import { REQUIREMENTS } from "@fin/config";
import { list } from "../../lib/values";

/**
 * Bucket lifecycles move current and noncurrent versions to Glacier after the required days
 * (requirement; S3.10, CKV2_AWS_61). Noncurrent versions need their own transition, or versioning
 * keeps every overwritten object in STANDARD forever.
 */
export const BucketLifecycleToGlacier: ResourceValidationPolicy = {
  name: "bucket-lifecycle-to-glacier",
  description: `S3 lifecycles transition current and noncurrent versions to GLACIER after ${REQUIREMENTS.glacierTransitionDays} days.`,
  enforcementLevel: "mandatory",
  validateResource: validateResourceOfType(aws.s3.BucketLifecycleConfiguration, (lifecycle, _args, report) => {
    const days = REQUIREMENTS.glacierTransitionDays;
    const enabled = list(lifecycle.rules).filter((r) => r.status === "Enabled");
    const current = enabled.some((r) => list(r.transitions).some((t) => t.days === days && t.storageClass === "GLACIER"));
    const noncurrent = enabled.some((r) =>
      list(r.noncurrentVersionTransitions).some((t) => t.noncurrentDays === days && t.storageClass === "GLACIER"),
    );
    if (!current) {
      report(`No enabled rule transitions current objects to GLACIER after ${days} days.`);
    }
    if (!noncurrent) {
      report(`No enabled rule transitions noncurrent versions to GLACIER after ${days} days.`);
    }
  }),
};
