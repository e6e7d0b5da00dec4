import * as aws from "@pulumi/aws";
import { ResourceValidationPolicy, validateResourceOfType } from "@pulumi/policy";

/**
 * Aurora clusters have no deletion protection (requirement: destroyability). This overrules
 * RDS10 / RDS.7 / CKV_AWS_139 / AVD-AWS-0343; see RULES.md.
 */
export const AuroraDeletionProtectionDisabled: ResourceValidationPolicy = {
  name: "aurora-deletion-protection-disabled",
  description: "Aurora clusters have deletion protection off so every environment can be destroyed.",
  enforcementLevel: "mandatory",
  validateResource: validateResourceOfType(aws.rds.Cluster, (cluster, _args, report) => {
    if (cluster.deletionProtection === true) {
      report("deletionProtection is true; the requirements forbid deletion protection.");
    }
  }),
};
