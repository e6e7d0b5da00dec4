import * as aws from "@pulumi/aws";
import { ResourceValidationPolicy, validateResourceOfType } from "@pulumi/policy";
import { containerDefinitions } from "../../lib/containers";
import { show } from "../../lib/values";

/** `root`, uid 0 or gid-qualified uid 0 all run the process as root. */
function isRoot(user: string): boolean {
  return /^(root|0)(:|$)/.test(user);
}

/** Containers run as a non-root user on a read-only root filesystem, unprivileged (ECS.5, ECS.4, CKV_AWS_336/334). */
export const ContainersReadOnlyNonRoot: ResourceValidationPolicy = {
  name: "containers-read-only-non-root",
  description: "ECS containers run unprivileged as a non-root user with a read-only root filesystem.",
  enforcementLevel: "mandatory",
  validateResource: validateResourceOfType(aws.ecs.TaskDefinition, (task, _args, report) => {
    for (const container of containerDefinitions(task.containerDefinitions)) {
      const label = `Container '${container.name}'`;
      if (container.readonlyRootFilesystem !== true) {
        report(`${label}: readonlyRootFilesystem is ${show(container.readonlyRootFilesystem)}; it must be true.`);
      }
      if (!container.user || isRoot(container.user)) {
        report(`${label}: user is ${show(container.user)}; it must name a non-root user.`);
      }
      if (container.privileged === true) {
        report(`${label}: privileged is true; it must not be.`);
      }
    }
  }),
};
