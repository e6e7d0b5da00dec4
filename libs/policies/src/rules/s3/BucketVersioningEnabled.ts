import * as aws from "@pulumi/aws";
import { ResourceValidationPolicy, validateResourceOfType } from "@pulumi/policy";
import { show } from "../../lib/values";

/** Bucket versioning is enabled (requirement; S3BucketVersioningEnabled, CKV_AWS_21, AVD-AWS-0090). */
export const BucketVersioningEnabled: ResourceValidationPolicy = {
  name: "bucket-versioning-enabled",
  description: "S3 bucket versioning is enabled.",
  enforcementLevel: "mandatory",
  validateResource: validateResourceOfType(aws.s3.BucketVersioning, (versioning, _args, report) => {
    if (versioning.versioningConfiguration?.status !== "Enabled") {
      report(`versioningConfiguration.status is ${show(versioning.versioningConfiguration?.status)}; it must be "Enabled".`);
    }
  }),
};
