import * as aws from "@pulumi/aws";
import { ResourceValidationPolicy, validateResourceOfType } from "@pulumi/policy";
import { REQUIREMENTS } from "@fin/config";
import { list, show } from "../../lib/values";

/**
 * The Fargate task sizes at and above the floor: memory (MiB) from, to and in steps of, per CPU
 * value (ECS developer guide, "Task CPU and memory"). A size off this table fails at registration.
 */
export const FARGATE_SIZES: Readonly<Record<number, { readonly min: number; readonly max: number; readonly step: number }>> = {
  2048: { min: 4096, max: 16384, step: 1024 },
  4096: { min: 8192, max: 30720, step: 1024 },
  8192: { min: 16384, max: 61440, step: 4096 },
  16384: { min: 32768, max: 122880, step: 8192 },
};

/** Task definitions are Fargate-only, awsvpc, with at least 2 vCPU / 4 GB on a valid Fargate size (requirement). */
export const TaskDefinitionFargateMinimumSize: ResourceValidationPolicy = {
  name: "task-definition-fargate-minimum-size",
  description: `ECS task definitions target Fargate (awsvpc) with at least ${REQUIREMENTS.minTaskCpuUnits} CPU units and ${REQUIREMENTS.minTaskMemoryMiB} MiB on a valid Fargate size.`,
  enforcementLevel: "mandatory",
  validateResource: validateResourceOfType(aws.ecs.TaskDefinition, (task, _args, report) => {
    const compatibilities = list(task.requiresCompatibilities);
    if (compatibilities.length !== 1 || compatibilities[0] !== "FARGATE") {
      report(`requiresCompatibilities is ${show(task.requiresCompatibilities)}; it must be ["FARGATE"].`);
    }
    if (task.networkMode !== "awsvpc") {
      report(`networkMode is ${show(task.networkMode)}; Fargate requires "awsvpc".`);
    }
    const cpu = Number(task.cpu);
    const memory = Number(task.memory);
    if (!(cpu >= REQUIREMENTS.minTaskCpuUnits)) {
      report(`cpu is ${show(task.cpu)}; the requirements need at least ${REQUIREMENTS.minTaskCpuUnits} (2 vCPU).`);
    }
    if (!(memory >= REQUIREMENTS.minTaskMemoryMiB)) {
      report(`memory is ${show(task.memory)}; the requirements need at least ${REQUIREMENTS.minTaskMemoryMiB} MiB (4 GB).`);
    }
    const size = FARGATE_SIZES[cpu];
    if (cpu >= REQUIREMENTS.minTaskCpuUnits && memory >= REQUIREMENTS.minTaskMemoryMiB) {
      if (!size || memory < size.min || memory > size.max || (memory - size.min) % size.step !== 0) {
        report(`cpu ${cpu} with memory ${memory} MiB is not a Fargate task size.`);
      }
    }
  }),
};
