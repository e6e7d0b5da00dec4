// The live-behaviour checks on aws-sdk-client-mock, with answers shaped like AWS's (field names and
// values from the API references each check cites): passing, failing, pending and unknown.
import { ApplicationAutoScalingClient, DescribeScalableTargetsCommand, DescribeScalingPoliciesCommand, ScalingPolicy } from "@aws-sdk/client-application-auto-scaling";
import { BackupClient, ListRecoveryPointsByResourceCommand } from "@aws-sdk/client-backup";
import { DescribeFlowLogsCommand, EC2Client } from "@aws-sdk/client-ec2";
import { DescribeRepositoriesCommand, ECRClient } from "@aws-sdk/client-ecr";
import { DescribeServicesCommand, DescribeTasksCommand, ECSClient, ListTasksCommand, Service, Task } from "@aws-sdk/client-ecs";
import { DescribeListenersCommand, DescribeTargetHealthCommand, ElasticLoadBalancingV2Client, Listener } from "@aws-sdk/client-elastic-load-balancing-v2";
import { DescribeDBClustersCommand, DescribeDBInstancesCommand, RDSClient } from "@aws-sdk/client-rds";
import { mockClient } from "aws-sdk-client-mock";
import { runChecks } from "../src/check";
import { httpsOnlyCheck, targetHealthCheck, TLS_POLICY } from "../src/checks/alb";
import { auroraMembersCheck } from "../src/checks/aurora";
import { recoveryPointCheck } from "../src/checks/backup";
import { autoscalingCheck, serviceStableCheck, tasksOnSpotCheck, tasksSpreadCheck, waitingForImage, WaitOptions } from "../src/checks/ecs-live";
import { repositoryEncryptionCheck } from "../src/checks/ecr";
import { flowLogDeliveryCheck } from "../src/checks/network";
import type { ServiceExpectations } from "../src/expectations";
import { checksForLayer } from "../src/layers";
import { ACCOUNT, API, COMPUTE, DATA, NETWORK, OUTPUTS, REGION, awsError, clients, keyRef } from "./support/fixtures";

const ecs = mockClient(ECSClient);
const autoscaling = mockClient(ApplicationAutoScalingClient);
const elb = mockClient(ElasticLoadBalancingV2Client);
const ecr = mockClient(ECRClient);
const ec2 = mockClient(EC2Client);
const backup = mockClient(BackupClient);
const rds = mockClient(RDSClient);
const aws = clients();
beforeEach(() => [ecs, autoscaling, elb, ecr, ec2, backup, rds].forEach((m) => m.reset()));

const WAITING = { ...API, imageStatus: `waiting for image ${API.repositoryUrl}:1.4.2` } as typeof API;
const EXPECTED: ServiceExpectations = {
  minTasks: 2,
  maxTasks: 6,
  onDemandBaseTasks: 1,
  trackingPolicies: [
    { metric: "ECSServiceAverageCPUUtilization", targetValue: 60 },
    { metric: "ECSServiceAverageMemoryUtilization", targetValue: 70 },
  ],
};


const service = (overrides: Partial<Service> = {}): Service => ({
  serviceArn: API.serviceArn,
  serviceName: API.serviceName,
  status: "ACTIVE",
  desiredCount: 2,
  runningCount: 2,
  pendingCount: 0,
  deployments: [{ id: "ecs-svc/1234567890123456789", status: "PRIMARY", desiredCount: 2, runningCount: 2, rolloutState: "COMPLETED" }],
  ...overrides,
});

const task = (n: number, az: string, provider: string | undefined, overrides: Partial<Task> = {}): Task => ({
  taskArn: `arn:aws:ecs:${REGION}:${ACCOUNT}:task/analytics-dev/0a1b2c3d4e5f4a6b8c9d0e1f2a3b4c${n}`,
  lastStatus: "RUNNING",
  desiredStatus: "RUNNING",
  availabilityZone: az,
  ...(provider === undefined ? {} : { capacityProviderName: provider }),
  launchType: "FARGATE",
  ...overrides,
});

function tasks(list: Task[]) {
  ecs.on(ListTasksCommand, { cluster: API.clusterName, serviceName: API.serviceName, desiredStatus: "RUNNING" }).resolves({ taskArns: list.map((t) => t.taskArn!) });
  ecs.on(DescribeTasksCommand, { cluster: API.clusterName, tasks: list.map((t) => t.taskArn!) }).resolves({ tasks: list, failures: [] });
}

describe("waitingForImage", () => {
  it("reads compute's imageStatus, only when it says waiting for the image", () => {
    expect(waitingForImage(API)).toBeUndefined();
    expect(waitingForImage(WAITING)).toBe(`waiting for image ${API.repositoryUrl}:1.4.2`);
    // Outputs written before the layer exported imageStatus.
    const older: Partial<typeof API> = { ...API };
    delete older.imageStatus;
    expect(waitingForImage(older as typeof API)).toBeUndefined();
  });
});

describe("serviceStableCheck", () => {
  const clock = () => {
    let t = 0;
    const sleeps: number[] = [];
    const wait: WaitOptions = { waitSeconds: 60, pollSeconds: 15, now: () => t, sleep: async (ms) => void (sleeps.push(ms), (t += ms)) };
    return { wait, sleeps };
  };

  it("passes at once for a settled service", async () => {
    ecs.on(DescribeServicesCommand).resolves({ services: [service()] });
    const { wait, sleeps } = clock();
    expect(await serviceStableCheck(API, wait).run(aws)).toEqual({
      pass: true,
      expected: { deployments: 1, runningCount: "= desiredCount" },
      observed: { deployments: 1, rolloutState: "COMPLETED", desiredCount: 2, runningCount: 2, waitedSeconds: 0 },
    });
    expect(sleeps).toEqual([]);
  });

  it("polls a rollout until it settles", async () => {
    const rolling = service({ runningCount: 1, deployments: [{ status: "PRIMARY", rolloutState: "IN_PROGRESS" }, { status: "ACTIVE", rolloutState: "COMPLETED" }] });
    ecs.on(DescribeServicesCommand).resolvesOnce({ services: [rolling] }).resolvesOnce({ services: [rolling] }).resolves({ services: [service()] });
    const { wait, sleeps } = clock();
    expect((await serviceStableCheck(API, wait).run(aws)).observed).toEqual({ deployments: 1, rolloutState: "COMPLETED", desiredCount: 2, runningCount: 2, waitedSeconds: 30 });
    expect(sleeps).toEqual([15000, 15000]);
  });

  it("fails when the bound runs out, for a failed rollout, and for a service at 0 tasks", async () => {
    ecs.on(DescribeServicesCommand).resolves({ services: [service({ runningCount: 1 })] });
    const { wait, sleeps } = clock();
    expect(await serviceStableCheck(API, wait).run(aws)).toMatchObject({ pass: false, observed: { runningCount: 1, waitedSeconds: 60 } });
    expect(sleeps).toEqual([15000, 15000, 15000, 15000]);
    ecs.on(DescribeServicesCommand).resolves({ services: [service({ deployments: [{ rolloutState: "FAILED" }] })] });
    expect(await serviceStableCheck(API, { ...clock().wait, waitSeconds: 0 }).run(aws)).toMatchObject({ pass: false, observed: { rolloutState: "FAILED" } });
    ecs.on(DescribeServicesCommand).resolves({ services: [service({ desiredCount: 0, runningCount: 0, deployments: undefined })] });
    expect(await serviceStableCheck(API, { ...clock().wait, waitSeconds: 0 }).run(aws)).toMatchObject({ pass: false, observed: { deployments: 0, desiredCount: 0, rolloutState: null } });
    ecs.on(DescribeServicesCommand).resolves({ services: [service({ desiredCount: undefined, runningCount: undefined, deployments: [{}] })] });
    expect(await serviceStableCheck(API, { ...clock().wait, waitSeconds: 0 }).run(aws)).toEqual({
      pass: false,
      expected: { deployments: 1, runningCount: "= desiredCount" },
      observed: { deployments: 1, rolloutState: null, desiredCount: 0, runningCount: 0, waitedSeconds: 0 },
    });
  });

  it("is pending for a 0-task service whose outputs say it waits for its image", async () => {
    ecs.on(DescribeServicesCommand).resolves({ services: [service({ desiredCount: 0, runningCount: 0 })] });
    expect(await serviceStableCheck(WAITING, clock().wait).run(aws)).toMatchObject({ verdict: "pending", reason: `waiting for image ${API.repositoryUrl}:1.4.2` });
  });

  it("reports a missing or inactive service as not found", async () => {
    ecs.on(DescribeServicesCommand).resolves({ services: [], failures: [{ arn: API.serviceArn, reason: "MISSING" }] });
    await expect(serviceStableCheck(API, clock().wait).run(aws)).rejects.toThrow("ECS service analytics-api-dev in cluster analytics-dev does not exist");
    ecs.on(DescribeServicesCommand).resolves({ services: [service({ status: "INACTIVE" })] });
    await expect(serviceStableCheck(API, clock().wait).run(aws)).rejects.toThrow("does not exist");
    ecs.on(DescribeServicesCommand).resolves({});
    await expect(serviceStableCheck(API, clock().wait).run(aws)).rejects.toThrow("does not exist");
  });
});

describe("the compute layer's wait", () => {
  it("sleeps for real between polls by default, within the configured bound", async () => {
    ecs.on(DescribeServicesCommand).resolves({ services: [service({ runningCount: 1 })] });
    const [stable] = checksForLayer("compute", OUTPUTS, REGION, { wait: { waitSeconds: 0.05, pollSeconds: 0.02 } });
    const started = Date.now();
    expect(await stable.run(aws)).toMatchObject({ pass: false, observed: { runningCount: 1 } });
    expect(Date.now() - started).toBeGreaterThanOrEqual(30);
    // Polled at 0 ms and after each 20 ms sleep until the next poll would pass 50 ms (timer jitter may cost one).
    expect(ecs.commandCalls(DescribeServicesCommand).length).toBeGreaterThanOrEqual(2);
  });
});

describe("tasksOnSpotCheck", () => {
  it("passes with the on-demand base on FARGATE and the rest on FARGATE_SPOT", async () => {
    tasks([task(1, "us-east-2a", "FARGATE"), task(2, "us-east-2b", "FARGATE_SPOT"), task(3, "us-east-2c", "FARGATE_SPOT", { lastStatus: "DEPROVISIONING" })]);
    expect(await tasksOnSpotCheck(API, EXPECTED, undefined).run(aws)).toEqual({
      pass: true,
      expected: { FARGATE: "<= 1", other: 0 },
      observed: { runningTasks: 2, byCapacityProvider: { FARGATE: 1, FARGATE_SPOT: 1 } },
    });
  });

  it("fails for more on-demand tasks than the base, and for tasks placed by launch type", async () => {
    tasks([task(1, "us-east-2a", "FARGATE"), task(2, "us-east-2b", "FARGATE")]);
    expect(await tasksOnSpotCheck(API, EXPECTED, undefined).run(aws)).toMatchObject({ pass: false, observed: { byCapacityProvider: { FARGATE: 2 } } });
    tasks([task(1, "us-east-2a", undefined), task(2, "us-east-2b", "FARGATE_SPOT", { launchType: undefined })]);
    expect(await tasksOnSpotCheck(API, EXPECTED, undefined).run(aws)).toMatchObject({ pass: false, observed: { byCapacityProvider: { "launchType FARGATE": 1, FARGATE_SPOT: 1 } } });
    tasks([task(1, "us-east-2a", undefined, { launchType: undefined })]);
    expect((await tasksOnSpotCheck(API, EXPECTED, undefined).run(aws)).observed).toEqual({ runningTasks: 1, byCapacityProvider: { "launchType unknown": 1 } });
  });

  it("fails with no task running, unless the service waits for its image", async () => {
    ecs.on(ListTasksCommand).resolves({ taskArns: [] });
    expect(await tasksOnSpotCheck(API, EXPECTED, undefined).run(aws)).toEqual({ pass: false, expected: { FARGATE: "<= 1", other: 0 }, observed: { runningTasks: 0 } });
    expect(ecs.commandCalls(DescribeTasksCommand)).toHaveLength(0);
    expect(await tasksOnSpotCheck(WAITING, EXPECTED, undefined).run(aws)).toMatchObject({ pass: false, verdict: "pending", observed: { runningTasks: 0 } });
    ecs.on(ListTasksCommand).resolves({});
    expect((await tasksOnSpotCheck(API, EXPECTED, undefined).run(aws)).pass).toBe(false);
    ecs.on(ListTasksCommand).resolves({ taskArns: ["arn:aws:ecs:us-east-2:123456789012:task/analytics-dev/x"] });
    ecs.on(DescribeTasksCommand).resolves({});
    expect((await tasksOnSpotCheck(API, EXPECTED, undefined).run(aws)).observed).toEqual({ runningTasks: 0 });
  });

  it("is unknown without the configured base, without calling AWS", async () => {
    expect(await tasksOnSpotCheck(API, undefined, "dist/dev/compute/preview.json does not exist").run(aws)).toEqual({
      pass: false,
      verdict: "unknown",
      reason: "dist/dev/compute/preview.json does not exist",
      expected: "the configured on-demand base",
      observed: null,
    });
    expect(ecs.calls()).toHaveLength(0);
  });
});

describe("tasksSpreadCheck", () => {
  it("passes for tasks in two AZs, and for a single task", async () => {
    tasks([task(1, "us-east-2a", "FARGATE_SPOT"), task(2, "us-east-2b", "FARGATE_SPOT"), task(3, "us-east-2a", "FARGATE_SPOT")]);
    expect(await tasksSpreadCheck(API).run(aws)).toEqual({
      pass: true,
      expected: { minAvailabilityZones: 2, when: "2 or more tasks run" },
      observed: { runningTasks: 3, byAvailabilityZone: { "us-east-2a": 2, "us-east-2b": 1 } },
    });
    tasks([task(1, "us-east-2c", "FARGATE_SPOT")]);
    expect((await tasksSpreadCheck(API).run(aws)).pass).toBe(true);
  });

  it("fails for every task in one AZ (or none known), and with none running", async () => {
    tasks([task(1, "us-east-2a", "FARGATE_SPOT"), task(2, "us-east-2a", "FARGATE_SPOT")]);
    expect(await tasksSpreadCheck(API).run(aws)).toMatchObject({ pass: false, observed: { byAvailabilityZone: { "us-east-2a": 2 } } });
    tasks([task(1, "us-east-2a", "FARGATE_SPOT", { availabilityZone: undefined }), task(2, "us-east-2a", "FARGATE_SPOT")]);
    expect(await tasksSpreadCheck(API).run(aws)).toMatchObject({ pass: false, observed: { byAvailabilityZone: { unknown: 1, "us-east-2a": 1 } } });
    ecs.on(ListTasksCommand).resolves({ taskArns: [] });
    expect(await tasksSpreadCheck(API).run(aws)).toMatchObject({ pass: false, observed: { runningTasks: 0 } });
  });
});

describe("autoscalingCheck", () => {
  const resourceId = "service/analytics-dev/analytics-api-dev";
  const policy = (metric: string, targetValue: number, type = "TargetTrackingScaling"): ScalingPolicy => ({
    PolicyARN: `arn:aws:autoscaling:${REGION}:${ACCOUNT}:scalingPolicy:1a2b3c4d-0000-4000-8000-000000000001:resource/ecs/${resourceId}:policyName/${metric}`,
    PolicyName: `analytics-${metric}`,
    ServiceNamespace: "ecs",
    ResourceId: resourceId,
    ScalableDimension: "ecs:service:DesiredCount",
    PolicyType: type as ScalingPolicy["PolicyType"],
    TargetTrackingScalingPolicyConfiguration: { TargetValue: targetValue, PredefinedMetricSpecification: { PredefinedMetricType: metric as never } },
    CreationTime: new Date("2026-11-30T10:00:00Z"),
  });
  const registered = (min: number, max: number, policies: ScalingPolicy[]) => {
    autoscaling.on(DescribeScalableTargetsCommand, { ServiceNamespace: "ecs", ResourceIds: [resourceId], ScalableDimension: "ecs:service:DesiredCount" }).resolves({
      ScalableTargets: [{ ServiceNamespace: "ecs", ResourceId: resourceId, ScalableDimension: "ecs:service:DesiredCount", MinCapacity: min, MaxCapacity: max, RoleARN: `arn:aws:iam::${ACCOUNT}:role/aws-service-role/ecs.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_ECSService`, CreationTime: new Date("2026-11-30T10:00:00Z") }],
    });
    autoscaling.on(DescribeScalingPoliciesCommand, { ServiceNamespace: "ecs", ResourceId: resourceId, ScalableDimension: "ecs:service:DesiredCount" }).resolves({ ScalingPolicies: policies });
  };

  it("passes for the configured bounds and both target-tracking policies", async () => {
    registered(2, 6, [policy("ECSServiceAverageMemoryUtilization", 70), policy("ECSServiceAverageCPUUtilization", 60)]);
    expect(await autoscalingCheck(API, EXPECTED, undefined).run(aws)).toEqual({
      pass: true,
      expected: { minCapacity: 2, maxCapacity: 6, trackingPolicies: EXPECTED.trackingPolicies },
      observed: { minCapacity: 2, maxCapacity: 6, trackingPolicies: EXPECTED.trackingPolicies },
    });
  });

  it("fails for other bounds, a missing or retargeted policy, and an unregistered service", async () => {
    registered(1, 6, [policy("ECSServiceAverageCPUUtilization", 60), policy("ECSServiceAverageMemoryUtilization", 70)]);
    expect(await autoscalingCheck(API, EXPECTED, undefined).run(aws)).toMatchObject({ pass: false, observed: { minCapacity: 1 } });
    registered(2, 6, [policy("ECSServiceAverageCPUUtilization", 60), policy("ECSServiceAverageMemoryUtilization", 70, "StepScaling")]);
    expect(await autoscalingCheck(API, EXPECTED, undefined).run(aws)).toMatchObject({ pass: false, observed: { trackingPolicies: [{ metric: "ECSServiceAverageCPUUtilization", targetValue: 60 }] } });
    registered(2, 6, [policy("ECSServiceAverageCPUUtilization", 80), { ...policy("ECSServiceAverageMemoryUtilization", 70), TargetTrackingScalingPolicyConfiguration: undefined }]);
    expect((await autoscalingCheck(API, EXPECTED, undefined).run(aws)).observed).toEqual({
      minCapacity: 2,
      maxCapacity: 6,
      trackingPolicies: [
        { metric: "ECSServiceAverageCPUUtilization", targetValue: 80 },
        { metric: "undefined", targetValue: null },
      ],
    });
    autoscaling.on(DescribeScalableTargetsCommand).resolves({});
    autoscaling.on(DescribeScalingPoliciesCommand).resolves({});
    expect(await autoscalingCheck(API, EXPECTED, undefined).run(aws)).toMatchObject({ pass: false, observed: { minCapacity: null, maxCapacity: null, trackingPolicies: [] } });
  });

  it("is unknown without the plan, and when the identity may not read autoscaling", async () => {
    expect(await autoscalingCheck(API, undefined, "no plan").run(aws)).toMatchObject({ verdict: "unknown", reason: "no plan" });
    autoscaling.on(DescribeScalableTargetsCommand).rejects(awsError("AccessDeniedException", "User is not authorized to perform: application-autoscaling:DescribeScalableTargets", 400));
    const [result] = await runChecks([autoscalingCheck(API, EXPECTED, undefined)], aws, { now: () => 0 });
    expect(result).toMatchObject({ status: "unknown", reason: "access-denied: AccessDeniedException: User is not authorized to perform: application-autoscaling:DescribeScalableTargets" });
  });
});

describe("targetHealthCheck", () => {
  const target = (id: string, state: string) => ({ Target: { Id: id, Port: 8080, AvailabilityZone: "us-east-2a" }, HealthCheckPort: "8080", TargetHealth: { State: state as never } });

  it("passes when every registered target is healthy", async () => {
    elb.on(DescribeTargetHealthCommand, { TargetGroupArn: API.targetGroupArn }).resolves({ TargetHealthDescriptions: [target("10.20.48.10", "healthy"), target("10.20.64.11", "healthy")] });
    expect(await targetHealthCheck(API).run(aws)).toEqual({ pass: true, expected: { targets: "> 0", byState: "healthy only" }, observed: { targets: 2, byState: { healthy: 2 } } });
  });

  it("fails for an unhealthy or draining target and for none, pending when the service waits for its image", async () => {
    elb.on(DescribeTargetHealthCommand).resolves({ TargetHealthDescriptions: [target("10.20.48.10", "healthy"), target("10.20.64.11", "unhealthy"), { Target: { Id: "10.20.80.12" } }] });
    expect(await targetHealthCheck(API).run(aws)).toMatchObject({ pass: false, observed: { targets: 3, byState: { healthy: 1, unhealthy: 1, unknown: 1 } } });
    elb.on(DescribeTargetHealthCommand).resolves({});
    expect(await targetHealthCheck(API).run(aws)).toMatchObject({ pass: false, observed: { targets: 0, byState: {} } });
    expect(await targetHealthCheck(WAITING).run(aws)).toMatchObject({ verdict: "pending", reason: `waiting for image ${API.repositoryUrl}:1.4.2` });
  });
});

describe("httpsOnlyCheck", () => {
  const https: Listener = { ListenerArn: `${COMPUTE.albArn.replace(":loadbalancer/", ":listener/")}/1`, Port: 443, Protocol: "HTTPS", SslPolicy: TLS_POLICY, DefaultActions: [{ Type: "forward", TargetGroupArn: API.targetGroupArn }] };
  const redirect: Listener = { Port: 80, Protocol: "HTTP", DefaultActions: [{ Type: "redirect", RedirectConfig: { Protocol: "HTTPS", Port: "443", StatusCode: "HTTP_301" } }] };

  it("passes for HTTPS with the TLS 1.3 policy and an HTTP listener that only redirects", async () => {
    elb.on(DescribeListenersCommand, { LoadBalancerArn: COMPUTE.albArn }).resolves({ Listeners: [https, redirect] });
    expect(await httpsOnlyCheck(COMPUTE).run(aws)).toEqual({
      pass: true,
      expected: { https: { port: 443, sslPolicy: TLS_POLICY }, http: "redirect HTTPS only" },
      observed: [
        { port: 443, protocol: "HTTPS", sslPolicy: TLS_POLICY, actions: ["forward"] },
        { port: 80, protocol: "HTTP", sslPolicy: null, actions: ["redirect HTTPS"] },
      ],
    });
  });

  it("fails for an older TLS policy, an HTTP listener that forwards, no HTTPS at all, or another protocol", async () => {
    elb.on(DescribeListenersCommand).resolves({ Listeners: [{ ...https, SslPolicy: "ELBSecurityPolicy-2016-08" }, redirect] });
    expect((await httpsOnlyCheck(COMPUTE).run(aws)).pass).toBe(false);
    elb.on(DescribeListenersCommand).resolves({ Listeners: [https, { ...redirect, DefaultActions: [{ Type: "forward" }] }] });
    expect((await httpsOnlyCheck(COMPUTE).run(aws)).pass).toBe(false);
    elb.on(DescribeListenersCommand).resolves({ Listeners: [https, { ...redirect, DefaultActions: [{ Type: "redirect", RedirectConfig: { StatusCode: "HTTP_302" } }] }] });
    expect(await httpsOnlyCheck(COMPUTE).run(aws)).toMatchObject({ pass: false, observed: [{}, { actions: ["redirect #{protocol}"] }] });
    elb.on(DescribeListenersCommand).resolves({ Listeners: [https, { Port: 8443, Protocol: "TCP" }] });
    expect(await httpsOnlyCheck(COMPUTE).run(aws)).toMatchObject({ pass: false, observed: [{}, { port: 8443, protocol: "TCP", actions: [] }] });
    elb.on(DescribeListenersCommand).resolves({ Listeners: [{}] });
    expect(await httpsOnlyCheck(COMPUTE).run(aws)).toMatchObject({ pass: false, observed: [{ port: null, protocol: null, sslPolicy: null, actions: [] }] });
    elb.on(DescribeListenersCommand).resolves({});
    expect(await httpsOnlyCheck(COMPUTE).run(aws)).toMatchObject({ pass: false, observed: [] });
  });
});

describe("repositoryEncryptionCheck", () => {
  const repository = (encryptionConfiguration?: { encryptionType: "KMS" | "AES256"; kmsKey?: string }) => ({
    repositoryArn: API.repositoryArn,
    registryId: ACCOUNT,
    repositoryName: "analytics-api-dev",
    repositoryUri: API.repositoryUrl,
    imageTagMutability: "IMMUTABLE" as const,
    ...(encryptionConfiguration ? { encryptionConfiguration } : {}),
  });

  it("passes for KMS under the storage key", async () => {
    ecr.on(DescribeRepositoriesCommand, { repositoryNames: ["analytics-api-dev"] }).resolves({ repositories: [repository({ encryptionType: "KMS", kmsKey: keyRef("storage").arn })] });
    expect(await repositoryEncryptionCheck(API, keyRef("storage")).run(aws)).toEqual({
      pass: true,
      expected: { encryptionType: "KMS", kmsKey: keyRef("storage").arn },
      observed: { encryptionType: "KMS", kmsKey: keyRef("storage").arn },
    });
  });

  it("fails for AES256, another key, or no configuration; a missing repository is not found", async () => {
    ecr.on(DescribeRepositoriesCommand).resolves({ repositories: [repository({ encryptionType: "AES256" })] });
    expect(await repositoryEncryptionCheck(API, keyRef("storage")).run(aws)).toMatchObject({ pass: false, observed: { encryptionType: "AES256", kmsKey: null } });
    ecr.on(DescribeRepositoriesCommand).resolves({ repositories: [repository({ encryptionType: "KMS", kmsKey: keyRef("logs").arn })] });
    expect((await repositoryEncryptionCheck(API, keyRef("storage")).run(aws)).pass).toBe(false);
    ecr.on(DescribeRepositoriesCommand).resolves({ repositories: [repository()] });
    expect(await repositoryEncryptionCheck(API, keyRef("storage")).run(aws)).toMatchObject({ pass: false, observed: { encryptionType: null } });
    ecr.on(DescribeRepositoriesCommand).resolves({});
    await expect(repositoryEncryptionCheck(API, keyRef("storage")).run(aws)).rejects.toThrow("ECR repository analytics-api-dev does not exist");
  });
});

describe("flowLogDeliveryCheck", () => {
  const flowLog = (status: string, logGroupName = NETWORK.flowLogGroupName, error?: string) => ({
    FlowLogId: "fl-0a1b2c3d4e5f60718",
    FlowLogStatus: "ACTIVE",
    ResourceId: NETWORK.vpcId,
    TrafficType: "ALL" as const,
    LogDestinationType: "cloud-watch-logs" as const,
    LogGroupName: logGroupName,
    DeliverLogsStatus: status,
    ...(error ? { DeliverLogsErrorMessage: error } : {}),
  });

  it("passes when the VPC's flow log to its group delivers", async () => {
    ec2.on(DescribeFlowLogsCommand, { Filter: [{ Name: "resource-id", Values: [NETWORK.vpcId] }] }).resolves({ FlowLogs: [flowLog("SUCCESS")] });
    expect(await flowLogDeliveryCheck(NETWORK).run(aws)).toEqual({
      pass: true,
      expected: { logGroupName: NETWORK.flowLogGroupName, deliverLogsStatus: "SUCCESS" },
      observed: [{ flowLogId: "fl-0a1b2c3d4e5f60718", logGroupName: NETWORK.flowLogGroupName, deliverLogsStatus: "SUCCESS" }],
    });
  });

  it("fails for a failed delivery (with AWS's message), a flow log elsewhere, or none", async () => {
    ec2.on(DescribeFlowLogsCommand).resolves({ FlowLogs: [flowLog("FAILED", NETWORK.flowLogGroupName, "Access error")] });
    expect(await flowLogDeliveryCheck(NETWORK).run(aws)).toMatchObject({ pass: false, observed: [{ deliverLogsStatus: "FAILED", error: "Access error" }] });
    ec2.on(DescribeFlowLogsCommand).resolves({ FlowLogs: [{ ...flowLog("SUCCESS", "/other"), LogGroupName: undefined, DeliverLogsStatus: undefined }] });
    expect(await flowLogDeliveryCheck(NETWORK).run(aws)).toMatchObject({ pass: false, observed: [{ logGroupName: null, deliverLogsStatus: null }] });
    ec2.on(DescribeFlowLogsCommand).resolves({});
    expect(await flowLogDeliveryCheck(NETWORK).run(aws)).toMatchObject({ pass: false, observed: [] });
  });
});

describe("recoveryPointCheck", () => {
  const NOW = Date.parse("2026-12-01T12:00:00Z");
  const hoursAgo = (h: number) => new Date(NOW - h * 3_600_000);
  const point = (status: string, age: number) => ({
    RecoveryPointArn: `arn:aws:rds:${REGION}:${ACCOUNT}:cluster-snapshot:awsbackup:job-${age}`,
    BackupVaultName: DATA.backupVaultName,
    Status: status as never,
    CreationDate: hoursAgo(age),
    ResourceName: DATA.clusterIdentifier,
  });
  const cluster = (ageHours: number | undefined) =>
    rds.on(DescribeDBClustersCommand, { DBClusterIdentifier: DATA.clusterIdentifier }).resolves({
      DBClusters: [{ DBClusterIdentifier: DATA.clusterIdentifier, ...(ageHours === undefined ? {} : { ClusterCreateTime: hoursAgo(ageHours) }) }],
    });

  it("passes for a completed point younger than 26 hours, without asking the cluster's age", async () => {
    backup.on(ListRecoveryPointsByResourceCommand, { ResourceArn: DATA.clusterArn }).resolves({ RecoveryPoints: [point("COMPLETED", 30), point("AVAILABLE", 20.26), point("CREATING", 1)] });
    expect(await recoveryPointCheck(DATA, () => NOW).run(aws)).toEqual({ pass: true, expected: { newestAgeHours: "< 26" }, observed: { completedRecoveryPoints: 2, newestAgeHours: 20.3 } });
    expect(rds.calls()).toHaveLength(0);
  });

  it("fails for only old or unfinished points in an environment older than a day", async () => {
    backup.on(ListRecoveryPointsByResourceCommand).resolves({ RecoveryPoints: [point("COMPLETED", 27), point("PARTIAL", 2), { ...point("COMPLETED", 0), CreationDate: undefined }] });
    cluster(100);
    expect(await recoveryPointCheck(DATA, () => NOW).run(aws)).toEqual({
      pass: false,
      expected: { newestAgeHours: "< 26" },
      observed: { completedRecoveryPoints: 2, newestAgeHours: 27, clusterAgeHours: 100 },
    });
    backup.on(ListRecoveryPointsByResourceCommand).resolves({});
    cluster(undefined);
    expect((await recoveryPointCheck(DATA, () => NOW).run(aws)).observed).toEqual({ completedRecoveryPoints: 0, newestAgeHours: null, clusterAgeHours: null });
    rds.on(DescribeDBClustersCommand).resolves({});
    expect((await recoveryPointCheck(DATA, () => NOW).run(aws)).pass).toBe(false);
  });

  it("is pending while the cluster is younger than a day", async () => {
    backup.on(ListRecoveryPointsByResourceCommand).resolves({ RecoveryPoints: [] });
    cluster(3);
    expect(await recoveryPointCheck(DATA, () => NOW).run(aws)).toMatchObject({
      pass: false,
      verdict: "pending",
      reason: "the cluster is 3 hours old; the first daily recovery point is due within 24 hours",
    });
  });
});

describe("auroraMembersCheck", () => {
  const writer = "aurora-analytics-writer-dev";
  const reader = "aurora-analytics-reader-dev";
  const answer = (members: { id: string; writer: boolean }[], instances: { id: string; az: string; status: string }[]) => {
    rds.on(DescribeDBClustersCommand, { DBClusterIdentifier: DATA.clusterIdentifier }).resolves({
      DBClusters: [{ DBClusterIdentifier: DATA.clusterIdentifier, DBClusterMembers: members.map((m) => ({ DBInstanceIdentifier: m.id, IsClusterWriter: m.writer, PromotionTier: m.writer ? 0 : 1 })) }],
    });
    rds.on(DescribeDBInstancesCommand, { Filters: [{ Name: "db-cluster-id", Values: [DATA.clusterIdentifier] }] }).resolves({
      DBInstances: instances.map((i) => ({ DBInstanceIdentifier: i.id, AvailabilityZone: i.az, DBInstanceStatus: i.status, DBInstanceClass: "db.serverless" })),
    });
  };

  it("passes for both available, in two AZs, in their named roles", async () => {
    answer(
      [
        { id: writer, writer: true },
        { id: reader, writer: false },
      ],
      [
        { id: writer, az: "us-east-2a", status: "available" },
        { id: reader, az: "us-east-2b", status: "available" },
      ],
    );
    expect(await auroraMembersCheck(DATA, { writer, reader }, undefined).run(aws)).toEqual({
      pass: true,
      expected: {
        writer: { identifier: writer, status: "available", isClusterWriter: true },
        reader: { identifier: reader, status: "available", isClusterWriter: false },
        availabilityZones: "different",
      },
      observed: {
        writer: { identifier: writer, status: "available", availabilityZone: "us-east-2a", isClusterWriter: true },
        reader: { identifier: reader, status: "available", availabilityZone: "us-east-2b", isClusterWriter: false },
      },
    });
  });

  it("fails after a failover, for one AZ, for a rebooting or missing instance", async () => {
    const both = (az2: string, status2: string) => [
      { id: writer, az: "us-east-2a", status: "available" },
      { id: reader, az: az2, status: status2 },
    ];
    answer([{ id: writer, writer: false }, { id: reader, writer: true }], both("us-east-2b", "available"));
    expect(await auroraMembersCheck(DATA, { writer, reader }, undefined).run(aws)).toMatchObject({ pass: false, observed: { writer: { isClusterWriter: false }, reader: { isClusterWriter: true } } });
    answer([{ id: writer, writer: true }, { id: reader, writer: false }], both("us-east-2a", "available"));
    expect((await auroraMembersCheck(DATA, { writer, reader }, undefined).run(aws)).pass).toBe(false);
    answer([{ id: writer, writer: true }, { id: reader, writer: false }], both("us-east-2b", "rebooting"));
    expect((await auroraMembersCheck(DATA, { writer, reader }, undefined).run(aws)).pass).toBe(false);
    answer([{ id: writer, writer: true }], [{ id: writer, az: "us-east-2a", status: "available" }]);
    expect(await auroraMembersCheck(DATA, { writer, reader }, undefined).run(aws)).toMatchObject({ pass: false, observed: { reader: { status: "missing", availabilityZone: null, isClusterWriter: null } } });
    rds.on(DescribeDBClustersCommand).resolves({ DBClusters: [{ DBClusterIdentifier: DATA.clusterIdentifier }] });
    rds.on(DescribeDBInstancesCommand).resolves({});
    expect(await auroraMembersCheck(DATA, { writer, reader }, undefined).run(aws)).toMatchObject({ pass: false, observed: { writer: { status: "missing", availabilityZone: null } } });
  });

  it("is unknown without the planned names", async () => {
    expect(await auroraMembersCheck(DATA, undefined, "dist/dev/data/preview.json does not exist").run(aws)).toMatchObject({ verdict: "unknown", reason: "dist/dev/data/preview.json does not exist" });
    expect(await auroraMembersCheck(DATA, { reader }, undefined).run(aws)).toMatchObject({ verdict: "unknown", reason: "the plan names no writer instance" });
    expect(rds.calls()).toHaveLength(0);
  });

  it("judges a lone planned writer (the ephemeral profile) alone", async () => {
    answer([{ id: writer, writer: true }], [{ id: writer, az: "us-east-2a", status: "available" }]);
    expect(await auroraMembersCheck(DATA, { writer }, undefined).run(aws)).toEqual({
      pass: true,
      expected: { writer: { identifier: writer, status: "available", isClusterWriter: true } },
      observed: { writer: { identifier: writer, status: "available", availabilityZone: "us-east-2a", isClusterWriter: true } },
    });
    answer([{ id: writer, writer: true }], [{ id: writer, az: "us-east-2a", status: "stopped" }]);
    expect((await auroraMembersCheck(DATA, { writer }, undefined).run(aws)).pass).toBe(false);
    answer([], [{ id: writer, az: "us-east-2a", status: "available" }]);
    expect((await auroraMembersCheck(DATA, { writer }, undefined).run(aws)).pass).toBe(false);
  });
});
