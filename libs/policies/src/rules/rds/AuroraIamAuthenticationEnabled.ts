import * as aws from "@pulumi/aws";
import { ResourceValidationPolicy, validateResourceOfType } from "@pulumi/policy";
import { show } from "../../lib/values";

/** Aurora clusters accept IAM database authentication (RDS6, RDS.12, CKV_AWS_162, AVD-AWS-0176). */
export const AuroraIamAuthenticationEnabled: ResourceValidationPolicy = {
  name: "aurora-iam-authentication-enabled",
  description: "Aurora clusters have IAM database authentication enabled.",
  enforcementLevel: "mandatory",
  validateResource: validateResourceOfType(aws.rds.Cluster, (cluster, _args, report) => {
    if (cluster.iamDatabaseAuthenticationEnabled !== true) {
      report(`iamDatabaseAuthenticationEnabled is ${show(cluster.iamDatabaseAuthenticationEnabled)}; it must be true.`);
    }
  }),
};
