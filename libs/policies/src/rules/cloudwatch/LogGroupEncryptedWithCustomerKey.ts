import * as aws from "@pulumi/aws";
import { ResourceValidationPolicy, validateResourceOfType } from "@pulumi/policy";
import { isCustomerManagedKey } from "../../lib/values";

/** CloudWatch log groups are encrypted with a customer-managed KMS key (requirement; CloudWatchLogGroupEncrypted). */
export const LogGroupEncryptedWithCustomerKey: ResourceValidationPolicy = {
  name: "log-group-encrypted-with-customer-key",
  description: "CloudWatch log groups are encrypted with a customer-managed KMS key.",
  enforcementLevel: "mandatory",
  validateResource: validateResourceOfType(aws.cloudwatch.LogGroup, (group, _args, report) => {
    if (!isCustomerManagedKey(group.kmsKeyId)) {
      report("kmsKeyId is unset; set it to the ARN of the security layer's logs key.");
    }
  }),
};
