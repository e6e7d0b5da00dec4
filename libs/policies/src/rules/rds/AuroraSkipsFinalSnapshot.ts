import * as aws from "@pulumi/aws";
import { ResourceValidationPolicy, validateResourceOfType } from "@pulumi/policy";
import { show } from "../../lib/values";

/** Aurora clusters skip the final snapshot, so an environment can be destroyed (requirement: destroyability). */
export const AuroraSkipsFinalSnapshot: ResourceValidationPolicy = {
  name: "aurora-skips-final-snapshot",
  description: "Aurora clusters skip the final snapshot so every environment can be destroyed.",
  enforcementLevel: "mandatory",
  validateResource: validateResourceOfType(aws.rds.Cluster, (cluster, _args, report) => {
    if (cluster.skipFinalSnapshot !== true) {
      report(`skipFinalSnapshot is ${show(cluster.skipFinalSnapshot)}; it must be true.`);
    }
  }),
};
