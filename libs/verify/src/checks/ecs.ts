import { DescribeServicesCommand, DescribeTaskDefinitionCommand, DescribeTasksCommand, ListTasksCommand, Service } from "@aws-sdk/client-ecs";
import { REQUIREMENTS } from "@fin/config";
import { type NetworkOutputs, WAITING_FOR_IMAGE } from "@fin/contracts";
import type { AwsClients } from "../clients";
import type { Check } from "../check";
import { ResourceNotFoundError } from "../errors";
import { type ServiceTarget, serviceCheckId } from "../service-target";

async function describeService(aws: AwsClients, compute: ServiceTarget): Promise<Service> {
  // DescribeServices reports an unknown service in `failures` (reason MISSING), not as an error.
  const { services = [] } = await aws.ecs.send(new DescribeServicesCommand({ cluster: compute.clusterName, services: [compute.serviceName] }));
  const [service] = services;
  if (!service || service.status === "INACTIVE") {
    throw new ResourceNotFoundError(`ECS service ${compute.serviceName} in cluster ${compute.clusterName}`);
  }
  return service;
}

/** The service places tasks through a capacity provider strategy that uses FARGATE_SPOT. */
export function fargateSpotCheck(compute: ServiceTarget): Check {
  return {
    id: serviceCheckId("ecs.service.fargate-spot", compute),
    title: `${compute.name}: ECS service runs on FARGATE_SPOT through its capacity provider strategy`,
    resource: compute.serviceName,
    async run(aws) {
      const service = await describeService(aws, compute);
      const strategy = (service.capacityProviderStrategy ?? []).map((s) => ({ capacityProvider: s.capacityProvider, base: s.base ?? 0, weight: s.weight ?? 0 }));
      const observed = { launchType: service.launchType ?? null, capacityProviderStrategy: strategy };
      return {
        // A launch type overrides any strategy, so it must be absent.
        pass: observed.launchType === null && strategy.some((s) => s.capacityProvider === "FARGATE_SPOT" && s.weight > 0),
        expected: { launchType: null, capacityProviderStrategy: "includes FARGATE_SPOT with weight > 0" },
        observed,
      };
    },
  };
}

/** Tasks get ENIs only in the private subnets and never a public IP. */
export function servicePrivateSubnetsCheck(compute: ServiceTarget, network: NetworkOutputs): Check {
  return {
    id: serviceCheckId("ecs.service.private-subnets", compute),
    title: `${compute.name}: ECS service places tasks in private subnets without public IPs`,
    resource: compute.serviceName,
    async run(aws) {
      const service = await describeService(aws, compute);
      const vpc = service.networkConfiguration?.awsvpcConfiguration;
      const subnets = vpc?.subnets ?? [];
      const observed = {
        subnets,
        notPrivate: subnets.filter((s) => !network.privateSubnetIds.includes(s)),
        assignPublicIp: vpc?.assignPublicIp ?? null,
      };
      return {
        pass: subnets.length > 0 && observed.notPrivate.length === 0 && observed.assignPublicIp === "DISABLED",
        expected: { subnets: network.privateSubnetIds, notPrivate: [], assignPublicIp: "DISABLED" },
        observed,
      };
    },
  };
}

/** The service has all its desired tasks running (and at least one). */
export function tasksRunningCheck(compute: ServiceTarget): Check {
  return {
    id: serviceCheckId("ecs.service.tasks-running", compute),
    title: `${compute.name}: ECS service has its desired tasks running`,
    resource: compute.serviceName,
    async run(aws) {
      const service = await describeService(aws, compute);
      const { taskArns = [] } = await aws.ecs.send(
        new ListTasksCommand({ cluster: compute.clusterName, serviceName: compute.serviceName, desiredStatus: "RUNNING" }),
      );
      // DescribeTasks rejects an empty list; no task ARNs means nothing runs.
      const tasks = taskArns.length === 0 ? [] : ((await aws.ecs.send(new DescribeTasksCommand({ cluster: compute.clusterName, tasks: taskArns }))).tasks ?? []);
      const running = tasks.filter((t) => t.lastStatus === "RUNNING");
      const byCapacityProvider: Record<string, number> = {};
      running.forEach((t) => {
        const provider = t.capacityProviderName ?? t.launchType ?? "unknown";
        byCapacityProvider[provider] = (byCapacityProvider[provider] ?? 0) + 1;
      });
      const desired = service.desiredCount ?? 0;
      const observed = { desiredCount: desired, runningCount: service.runningCount ?? 0, runningTasks: running.length, byCapacityProvider };
      // Before its image is pushed the service runs 0 tasks on purpose (ADR 0013): report that state.
      if (compute.imageStatus.startsWith(WAITING_FOR_IMAGE)) {
        return {
          pass: desired === 0 && observed.runningCount === 0 && running.length === 0,
          expected: { desiredCount: 0, runningTasks: 0 },
          observed,
          waiting: compute.imageStatus,
        };
      }
      return {
        pass: desired > 0 && observed.runningCount >= desired && running.length >= desired,
        expected: { desiredCount: "> 0", runningTasks: ">= desiredCount" },
        observed,
      };
    },
  };
}

/** The task definition the service runs has at least the required CPU and memory, on Fargate. */
export function taskSizeCheck(compute: ServiceTarget): Check {
  return {
    id: serviceCheckId("ecs.task-definition.size", compute),
    title: `${compute.name}: task definition is Fargate with at least ${REQUIREMENTS.minTaskCpuUnits} CPU units and ${REQUIREMENTS.minTaskMemoryMiB} MiB`,
    resource: compute.taskDefinitionArn,
    async run(aws) {
      const { taskDefinition: td } = await aws.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: compute.taskDefinitionArn }));
      const observed = { cpu: Number(td?.cpu ?? 0), memory: Number(td?.memory ?? 0), requiresCompatibilities: td?.requiresCompatibilities ?? [] };
      return {
        pass: observed.cpu >= REQUIREMENTS.minTaskCpuUnits && observed.memory >= REQUIREMENTS.minTaskMemoryMiB && observed.requiresCompatibilities.includes("FARGATE"),
        expected: { minCpu: REQUIREMENTS.minTaskCpuUnits, minMemory: REQUIREMENTS.minTaskMemoryMiB, requiresCompatibilities: ["FARGATE"] },
        observed,
      };
    },
  };
}

/**
 * The service runs its pinned image: it deploys the task definition the compute layer exported, and
 * every container of that task definition pulls the exported `imageReference`, `<repositoryUrl>@sha256:...`
 * (ADR 0013: a digest, so a tag moved in ECR cannot change what runs). DescribeServices `taskDefinition`
 * and DescribeTaskDefinition `containerDefinitions[].image`:
 * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Service.html,
 * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html
 */
export function imagePinnedCheck(compute: ServiceTarget): Check {
  return {
    id: serviceCheckId("ecs.service.image-pinned", compute),
    title: `${compute.name}: ECS service runs its task definition, which pins the image digest`,
    resource: compute.serviceName,
    async run(aws) {
      const service = await describeService(aws, compute);
      const { taskDefinition: td } = await aws.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: service.taskDefinition ?? compute.taskDefinitionArn }));
      const observed = { taskDefinition: service.taskDefinition ?? null, images: (td?.containerDefinitions ?? []).map((c) => c.image ?? null) };
      const expected = { taskDefinition: compute.taskDefinitionArn, images: `every container ${compute.imageReference}` };
      if (compute.imageStatus.startsWith(WAITING_FOR_IMAGE)) {
        return { pass: false, verdict: "pending", reason: compute.imageStatus, expected, observed };
      }
      return {
        pass:
          observed.taskDefinition === compute.taskDefinitionArn &&
          /@sha256:[a-f0-9]{64}$/.test(compute.imageReference) &&
          observed.images.length > 0 &&
          observed.images.every((image) => image === compute.imageReference),
        expected,
        observed,
      };
    },
  };
}
