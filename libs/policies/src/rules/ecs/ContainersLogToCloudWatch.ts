import * as aws from "@pulumi/aws";
import { ResourceValidationPolicy, validateResourceOfType } from "@pulumi/policy";
import { containerDefinitions } from "../../lib/containers";
import { show } from "../../lib/values";

/** Containers send their logs to a named CloudWatch log group through awslogs (ECS7, ECS.9). */
export const ContainersLogToCloudWatch: ResourceValidationPolicy = {
  name: "containers-log-to-cloudwatch",
  description: "ECS containers log through the awslogs driver to a named CloudWatch log group.",
  enforcementLevel: "mandatory",
  validateResource: validateResourceOfType(aws.ecs.TaskDefinition, (task, _args, report) => {
    for (const container of containerDefinitions(task.containerDefinitions)) {
      const logging = container.logConfiguration;
      if (logging?.logDriver !== "awslogs" || !logging.options?.["awslogs-group"]) {
        report(`Container '${container.name}': logConfiguration is ${show(logging)}; it must use "awslogs" with an "awslogs-group".`);
      }
    }
  }),
};
