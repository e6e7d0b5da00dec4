import * as aws from "@pulumi/aws";
import { ResourceValidationPolicy, validateResourceOfType } from "@pulumi/policy";
import { isCustomerManagedKey, list, show } from "../../lib/values";

/** ECR repositories encrypt images with a customer-managed key (CKV_AWS_136, AVD-AWS-0033). The setting is immutable. */
export const RepositoryEncryptedWithCustomerKey: ResourceValidationPolicy = {
  name: "repository-encrypted-with-customer-key",
  description: "ECR repositories encrypt images with a customer-managed KMS key.",
  enforcementLevel: "mandatory",
  validateResource: validateResourceOfType(aws.ecr.Repository, (repository, _args, report) => {
    const encryption = list(repository.encryptionConfigurations)[0];
    if (encryption?.encryptionType !== "KMS" || !isCustomerManagedKey(encryption.kmsKey)) {
      report(`encryptionConfigurations is ${show(repository.encryptionConfigurations)}; it must be KMS with the storage key.`);
    }
  }),
};
