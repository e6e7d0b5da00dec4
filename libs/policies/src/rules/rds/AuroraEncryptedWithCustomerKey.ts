import * as aws from "@pulumi/aws";
import { ResourceValidationPolicy, validateResourceOfType } from "@pulumi/policy";
import { isCustomerManagedKey, show } from "../../lib/values";

/**
 * Aurora storage, and with it every automated backup and snapshot, is encrypted with a
 * customer-managed key, and so is the RDS-managed master secret (requirement; RDS2, RDS.27,
 * CKV_AWS_327, SecretsManagerUsingKMSKey).
 */
export const AuroraEncryptedWithCustomerKey: ResourceValidationPolicy = {
  name: "aurora-encrypted-with-customer-key",
  description: "Aurora storage, backups and the managed master secret are encrypted with customer-managed KMS keys.",
  enforcementLevel: "mandatory",
  validateResource: validateResourceOfType(aws.rds.Cluster, (cluster, _args, report) => {
    // Unset means unencrypted for a cluster restored or created without it (cdk-nag reads it the same way).
    if (cluster.storageEncrypted !== true) {
      report(`storageEncrypted is ${show(cluster.storageEncrypted)}; it must be true.`);
    }
    if (!isCustomerManagedKey(cluster.kmsKeyId)) {
      report("kmsKeyId is unset; set it to the ARN of the security layer's database key.");
    }
    if (cluster.manageMasterUserPassword === true && !isCustomerManagedKey(cluster.masterUserSecretKmsKeyId)) {
      report("masterUserSecretKmsKeyId is unset; the managed master secret must use the database key.");
    }
  }),
};
