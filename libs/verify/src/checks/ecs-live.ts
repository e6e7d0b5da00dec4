// The behaviour the requirements promise of the running service, not its settings: where its tasks
// really run, that they spread over AZs, that autoscaling owns it, and that the rollout settled
// before anything is judged.
import { DescribeScalableTargetsCommand, DescribeScalingPoliciesCommand } from "@aws-sdk/client-application-auto-scaling";
import { DescribeServicesCommand, DescribeTasksCommand, ListTasksCommand, Service, Task } from "@aws-sdk/client-ecs";
import { WAITING_FOR_IMAGE } from "@fin/contracts";
import type { AwsClients } from "../clients";
import type { Check, Observation } from "../check";
import { ResourceNotFoundError } from "../errors";
import type { ServiceExpectations } from "../expectations";
import { type ServiceTarget, serviceCheckId } from "../service-target";

/**
 * The compute layer's `imageStatus` while the service deliberately runs no task because its image is
 * not in ECR yet ("waiting for image <repo>:<tag>", ADR 0013): a 0-task service that says so is
 * "pending" here, never a failure.
 */
export function waitingForImage(compute: { readonly imageStatus?: unknown }): string | undefined {
  const status = compute.imageStatus;
  return typeof status === "string" && status.startsWith(WAITING_FOR_IMAGE) ? status : undefined;
}

export interface WaitOptions {
  /** How long to wait for the service to be stable; 0 judges at once. */
  readonly waitSeconds: number;
  /** Seconds between DescribeServices polls. */
  readonly pollSeconds: number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly now: () => number;
}

/** Default bound: an ECS rolling deployment with ALB health checks settles in minutes (aws ecs wait services-stable polls 40 x 15 s). */
export const DEFAULT_WAIT_SECONDS = 600;
export const DEFAULT_POLL_SECONDS = 15;

async function describe(aws: AwsClients, compute: ServiceTarget): Promise<Service> {
  const { services = [] } = await aws.ecs.send(new DescribeServicesCommand({ cluster: compute.clusterName, services: [compute.serviceName] }));
  const [service] = services;
  if (!service || service.status === "INACTIVE") {
    throw new ResourceNotFoundError(`ECS service ${compute.serviceName} in cluster ${compute.clusterName}`);
  }
  return service;
}

/**
 * Stable as `aws ecs wait services-stable` defines it: one deployment, and running = desired
 * (botocore data/ecs/2014-11-13/waiters-2.json ServicesStable: length(deployments) == 1 and
 * runningCount == desiredCount). A rollout in progress shows two deployments, the new PRIMARY and
 * the old ACTIVE (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Deployment.html).
 */
function stableState(s: Service) {
  return { deployments: (s.deployments ?? []).length, rolloutState: s.deployments?.[0]?.rolloutState ?? null, desiredCount: s.desiredCount ?? 0, runningCount: s.runningCount ?? 0 };
}

/** Waits (bounded) for the rollout to settle; the checks after it judge a settled service. */
export function serviceStableCheck(compute: ServiceTarget, wait: WaitOptions): Check {
  return {
    id: serviceCheckId("ecs.service.stable", compute),
    title: `${compute.name}: ECS service is stable (one deployment, running = desired) within ${wait.waitSeconds}s`,
    resource: compute.serviceName,
    async run(aws): Promise<Observation> {
      const started = wait.now();
      const expected = { deployments: 1, runningCount: "= desiredCount" };
      for (;;) {
        const state = stableState(await describe(aws, compute));
        const waitedSeconds = Math.round((wait.now() - started) / 1000);
        const observed = { ...state, waitedSeconds };
        const waiting = waitingForImage(compute);
        if (state.desiredCount === 0 && waiting !== undefined) {
          return { pass: false, verdict: "pending", reason: waiting, expected, observed };
        }
        if (state.deployments === 1 && state.runningCount === state.desiredCount && state.rolloutState !== "FAILED") {
          return { pass: state.desiredCount > 0, expected, observed };
        }
        if (wait.now() - started + wait.pollSeconds * 1000 > wait.waitSeconds * 1000) {
          return { pass: false, expected, observed };
        }
        await wait.sleep(wait.pollSeconds * 1000);
      }
    },
  };
}

async function runningTasks(aws: AwsClients, compute: ServiceTarget): Promise<Task[]> {
  const { taskArns = [] } = await aws.ecs.send(new ListTasksCommand({ cluster: compute.clusterName, serviceName: compute.serviceName, desiredStatus: "RUNNING" }));
  // DescribeTasks takes at most 100 tasks and rejects an empty list
  // (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DescribeTasks.html); the service's maximum is 100.
  const tasks = taskArns.length === 0 ? [] : ((await aws.ecs.send(new DescribeTasksCommand({ cluster: compute.clusterName, tasks: taskArns.slice(0, 100) }))).tasks ?? []);
  return tasks.filter((t) => t.lastStatus === "RUNNING");
}

function noTasks(compute: ServiceTarget, expected: unknown): Observation {
  const waiting = waitingForImage(compute);
  return waiting !== undefined
    ? { pass: false, verdict: "pending", reason: waiting, expected, observed: { runningTasks: 0 } }
    : { pass: false, expected, observed: { runningTasks: 0 } };
}

/**
 * Every running task is on FARGATE_SPOT except at most the on-demand base on FARGATE
 * (DescribeTasks capacityProviderName: https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Task.html).
 */
export function tasksOnSpotCheck(compute: ServiceTarget, expectations: ServiceExpectations | undefined, missing: string | undefined): Check {
  return {
    id: serviceCheckId("ecs.tasks.fargate-spot", compute),
    title: `${compute.name}: every running task is on FARGATE_SPOT, beyond the configured on-demand base`,
    resource: compute.serviceName,
    async run(aws) {
      if (expectations === undefined) {
        return { pass: false, verdict: "unknown", reason: missing, expected: "the configured on-demand base", observed: null };
      }
      const base = expectations.onDemandBaseTasks;
      const expected = { FARGATE: `<= ${base}`, other: 0 };
      const tasks = await runningTasks(aws, compute);
      if (tasks.length === 0) {
        return noTasks(compute, expected);
      }
      const byCapacityProvider: Record<string, number> = {};
      tasks.forEach((t) => {
        const provider = t.capacityProviderName ?? `launchType ${t.launchType ?? "unknown"}`;
        byCapacityProvider[provider] = (byCapacityProvider[provider] ?? 0) + 1;
      });
      const onDemand = byCapacityProvider.FARGATE ?? 0;
      const other = tasks.length - onDemand - (byCapacityProvider.FARGATE_SPOT ?? 0);
      return { pass: onDemand <= base && other === 0, expected, observed: { runningTasks: tasks.length, byCapacityProvider } };
    },
  };
}

/** With 2 or more tasks running, they sit in at least 2 AZs (DescribeTasks availabilityZone). */
export function tasksSpreadCheck(compute: ServiceTarget): Check {
  return {
    id: serviceCheckId("ecs.tasks.availability-zones", compute),
    title: `${compute.name}: running tasks sit in at least 2 AZs when 2 or more run`,
    resource: compute.serviceName,
    async run(aws) {
      const tasks = await runningTasks(aws, compute);
      const expected = { minAvailabilityZones: 2, when: "2 or more tasks run" };
      if (tasks.length === 0) {
        return noTasks(compute, expected);
      }
      const byAvailabilityZone: Record<string, number> = {};
      tasks.forEach((t) => {
        const az = t.availabilityZone ?? "unknown";
        byAvailabilityZone[az] = (byAvailabilityZone[az] ?? 0) + 1;
      });
      const zones = Object.keys(byAvailabilityZone).filter((z) => z !== "unknown").length;
      return { pass: tasks.length < 2 || zones >= 2, expected, observed: { runningTasks: tasks.length, byAvailabilityZone } };
    },
  };
}

/**
 * The service is an Application Auto Scaling target with the configured bounds and both
 * target-tracking policies (https://docs.aws.amazon.com/autoscaling/application/APIReference/API_DescribeScalableTargets.html,
 * API_DescribeScalingPolicies.html; resource id `service/<cluster>/<service>`).
 */
export function autoscalingCheck(compute: ServiceTarget, expectations: ServiceExpectations | undefined, missing: string | undefined): Check {
  const resourceId = `service/${compute.clusterName}/${compute.serviceName}`;
  return {
    id: serviceCheckId("ecs.service.autoscaling", compute),
    title: `${compute.name}: service is registered with Application Auto Scaling with the configured min/max and both target-tracking policies`,
    resource: resourceId,
    async run(aws) {
      if (expectations === undefined) {
        return { pass: false, verdict: "unknown", reason: missing, expected: "the configured min/max and policies", observed: null };
      }
      const query = { ServiceNamespace: "ecs" as const, ResourceIds: [resourceId], ScalableDimension: "ecs:service:DesiredCount" as const };
      const { ScalableTargets = [] } = await aws.autoscaling.send(new DescribeScalableTargetsCommand(query));
      const { ScalingPolicies = [] } = await aws.autoscaling.send(
        new DescribeScalingPoliciesCommand({ ServiceNamespace: "ecs", ResourceId: resourceId, ScalableDimension: "ecs:service:DesiredCount" }),
      );
      const [target] = ScalableTargets;
      const policies = ScalingPolicies.filter((p) => p.PolicyType === "TargetTrackingScaling")
        .map((p) => ({
          metric: String(p.TargetTrackingScalingPolicyConfiguration?.PredefinedMetricSpecification?.PredefinedMetricType),
          targetValue: p.TargetTrackingScalingPolicyConfiguration?.TargetValue ?? null,
        }))
        .sort((a, b) => a.metric.localeCompare(b.metric));
      const wanted = [...expectations.trackingPolicies].sort((a, b) => a.metric.localeCompare(b.metric));
      const observed = { minCapacity: target?.MinCapacity ?? null, maxCapacity: target?.MaxCapacity ?? null, trackingPolicies: policies };
      const expected = { minCapacity: expectations.minTasks, maxCapacity: expectations.maxTasks, trackingPolicies: wanted };
      return {
        pass: target !== undefined && observed.minCapacity === expected.minCapacity && observed.maxCapacity === expected.maxCapacity && JSON.stringify(policies) === JSON.stringify(wanted),
        expected,
        observed,
      };
    },
  };
}
