import * as aws from "@pulumi/aws";
import { ResourceValidationPolicy, validateResourceOfType } from "@pulumi/policy";
import { show } from "../../lib/values";

/** Symmetric KMS keys rotate their key material yearly (KMS5, KMS.4, CKV_AWS_7, AVD-AWS-0065). Asymmetric keys cannot rotate. */
export const KeyRotationEnabled: ResourceValidationPolicy = {
  name: "key-rotation-enabled",
  description: "Symmetric customer-managed KMS keys have automatic rotation enabled.",
  enforcementLevel: "mandatory",
  validateResource: validateResourceOfType(aws.kms.Key, (key, args, report) => {
    const spec = key.customerMasterKeySpec ?? "SYMMETRIC_DEFAULT";
    if (spec !== "SYMMETRIC_DEFAULT") {
      args.notApplicable(`${spec} keys cannot rotate`);
    }
    if (key.enableKeyRotation !== true) {
      report(`enableKeyRotation is ${show(key.enableKeyRotation)}; it must be true.`);
    }
  }),
};
