import * as aws from "@pulumi/aws";
import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { containerDefinitions } from "../../lib/containers";
import { list } from "../../lib/values";

/** The log group name at the end of a log group ARN (`...:log-group:<name>` or `...:log-group:<name>:*`). */
function logGroupNameFromArn(arn: string): string {
  const match = /:log-group:([^:]+)/.exec(arn);
  return match ? match[1] : arn;
}

/**
 * Every log group a service writes to is declared in the stack, so it gets the 30-day retention
 * and the customer-managed key the other log group policies enforce. A group AWS creates on first
 * write (container logs, the Aurora export, flow logs, Container Insights) never expires and is
 * encrypted with an AWS key.
 */
export const ServiceLogGroupsDeclared: StackValidationPolicy = {
  name: "service-log-groups-declared",
  description: "Every log group a container, Aurora cluster, ECS cluster or flow log writes to is declared in the stack.",
  enforcementLevel: "mandatory",
  validateStack: (args, report) => {
    const declared = new Set(
      args.resources.filter((r) => r.isType(aws.cloudwatch.LogGroup)).map((r) => String(r.props.name)),
    );
    const expect = (resource: PolicyResource, group: string, why: string) => {
      if (!declared.has(group)) {
        report(`${why} writes to log group '${group}', which the stack does not declare.`, resource.urn);
      }
    };
    for (const r of args.resources) {
      if (r.isType(aws.ecs.TaskDefinition)) {
        for (const container of containerDefinitions(r.props.containerDefinitions)) {
          const group = container.logConfiguration?.options?.["awslogs-group"];
          if (container.logConfiguration?.logDriver === "awslogs" && group) {
            expect(r, group, `Container '${container.name}'`);
          }
        }
      } else if (r.isType(aws.rds.Cluster)) {
        for (const log of list<string>(r.props.enabledCloudwatchLogsExports)) {
          expect(r, `/aws/rds/cluster/${r.props.clusterIdentifier}/${log}`, `The '${log}' log export`);
        }
      } else if (r.isType(aws.ecs.Cluster)) {
        const insights = list<{ name: string; value: string }>(r.props.settings).find((s) => s.name === "containerInsights");
        if (insights && insights.value !== "disabled") {
          expect(r, `/aws/ecs/containerinsights/${r.props.name}/performance`, "Container Insights");
        }
      } else if (r.isType(aws.ec2.FlowLog)) {
        const toLogs = (r.props.logDestinationType ?? "cloud-watch-logs") === "cloud-watch-logs";
        if (toLogs && typeof r.props.logDestination === "string") {
          expect(r, logGroupNameFromArn(r.props.logDestination), "The flow log");
        }
      }
    }
  },
};
