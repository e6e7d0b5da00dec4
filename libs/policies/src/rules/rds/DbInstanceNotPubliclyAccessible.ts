import * as aws from "@pulumi/aws";
import { ResourceValidationPolicy, validateResourceOfType } from "@pulumi/policy";
import { show } from "../../lib/values";

/**
 * Aurora instances are explicitly not publicly accessible (RDSInstancePublicAccess, RDS.2,
 * CKV_AWS_17, AVD-AWS-0180). Unset counts as a violation: the default depends on the subnet group.
 */
export const DbInstanceNotPubliclyAccessible: ResourceValidationPolicy = {
  name: "db-instance-not-publicly-accessible",
  description: "Aurora cluster instances set publiclyAccessible to false explicitly.",
  enforcementLevel: "mandatory",
  validateResource: validateResourceOfType(aws.rds.ClusterInstance, (instance, _args, report) => {
    if (instance.publiclyAccessible !== false) {
      report(`publiclyAccessible is ${show(instance.publiclyAccessible)}; it must be false explicitly.`);
    }
  }),
};
