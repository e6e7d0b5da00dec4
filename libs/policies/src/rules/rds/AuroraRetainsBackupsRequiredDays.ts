import * as aws from "@pulumi/aws";
import { ResourceValidationPolicy, validateResourceOfType } from "@pulumi/policy";
import { REQUIREMENTS } from "@fin/config";
import { show } from "../../lib/values";

/** Aurora clusters retain automated backups for exactly the required period (requirement: "exactly 35 days"). */
export const AuroraRetainsBackupsRequiredDays: ResourceValidationPolicy = {
  name: "aurora-retains-backups-required-days",
  description: `Aurora clusters retain automated backups for exactly ${REQUIREMENTS.backupRetentionDays} days.`,
  enforcementLevel: "mandatory",
  validateResource: validateResourceOfType(aws.rds.Cluster, (cluster, _args, report) => {
    if (cluster.backupRetentionPeriod !== REQUIREMENTS.backupRetentionDays) {
      report(
        `backupRetentionPeriod is ${show(cluster.backupRetentionPeriod)}; the requirements fix it at exactly ${REQUIREMENTS.backupRetentionDays} days.`,
      );
    }
  }),
};
