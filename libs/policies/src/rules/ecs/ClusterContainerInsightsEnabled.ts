import * as aws from "@pulumi/aws";
import { ResourceValidationPolicy, validateResourceOfType } from "@pulumi/policy";
import { list, show } from "../../lib/values";

/**
 * ECS clusters have Container Insights on (ECS4, ECS.12, CKV_AWS_65, AVD-AWS-0034). Advisory:
 * it is observability, not a security boundary, and costs money per metric.
 */
export const ClusterContainerInsightsEnabled: ResourceValidationPolicy = {
  name: "cluster-container-insights-enabled",
  description: "ECS clusters have Container Insights enabled (or enhanced).",
  enforcementLevel: "advisory",
  validateResource: validateResourceOfType(aws.ecs.Cluster, (cluster, _args, report) => {
    const setting = list(cluster.settings).find((s) => s.name === "containerInsights");
    if (setting?.value !== "enabled" && setting?.value !== "enhanced") {
      report(`The containerInsights setting is ${show(setting?.value)}; it must be "enabled" or "enhanced".`);
    }
  }),
};
