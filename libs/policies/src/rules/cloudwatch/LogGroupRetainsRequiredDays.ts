import * as aws from "@pulumi/aws";
import { ResourceValidationPolicy, validateResourceOfType } from "@pulumi/policy";
import { REQUIREMENTS } from "@fin/config";
import { show } from "../../lib/values";

/** CloudWatch log groups retain logs for exactly the required period (requirement: "exactly 30 days"). */
export const LogGroupRetainsRequiredDays: ResourceValidationPolicy = {
  name: "log-group-retains-required-days",
  description: `CloudWatch log groups retain logs for exactly ${REQUIREMENTS.logRetentionDays} days.`,
  enforcementLevel: "mandatory",
  validateResource: validateResourceOfType(aws.cloudwatch.LogGroup, (group, _args, report) => {
    if (group.retentionInDays !== REQUIREMENTS.logRetentionDays) {
      report(`retentionInDays is ${show(group.retentionInDays)}; the requirements fix it at exactly ${REQUIREMENTS.logRetentionDays} days.`);
    }
  }),
};
