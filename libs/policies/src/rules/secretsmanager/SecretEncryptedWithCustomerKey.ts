import * as aws from "@pulumi/aws";
import { ResourceValidationPolicy, validateResourceOfType } from "@pulumi/policy";
import { isCustomerManagedKey } from "../../lib/values";

/** Secrets Manager secrets encrypt with a customer-managed key (SecretsManagerUsingKMSKey, CKV_AWS_149, AVD-AWS-0098). */
export const SecretEncryptedWithCustomerKey: ResourceValidationPolicy = {
  name: "secret-encrypted-with-customer-key",
  description: "Secrets Manager secrets are encrypted with a customer-managed KMS key.",
  enforcementLevel: "mandatory",
  validateResource: validateResourceOfType(aws.secretsmanager.Secret, (secret, _args, report) => {
    if (!isCustomerManagedKey(secret.kmsKeyId)) {
      report("kmsKeyId is unset or AWS-managed; set it to a customer-managed key.");
    }
  }),
};
