import * as aws from "@pulumi/aws";
import { ResourceValidationPolicy, validateResourceOfType } from "@pulumi/policy";
import { isCustomerManagedKey, show } from "../../lib/values";

/** Kinesis streams encrypt with a customer-managed key, not alias/aws/kinesis (KDS1, Kinesis.1, CKV_AWS_43/185, AVD-AWS-0064). */
export const StreamEncryptedWithCustomerKey: ResourceValidationPolicy = {
  name: "stream-encrypted-with-customer-key",
  description: "Kinesis streams use KMS encryption with a customer-managed key.",
  enforcementLevel: "mandatory",
  validateResource: validateResourceOfType(aws.kinesis.Stream, (stream, _args, report) => {
    if (stream.encryptionType !== "KMS" || !isCustomerManagedKey(stream.kmsKeyId)) {
      report(`encryptionType is ${show(stream.encryptionType)} with kmsKeyId ${show(stream.kmsKeyId)}; it must be "KMS" with the storage key.`);
    }
  }),
};
