import { DescribeServicesCommand, DescribeTaskDefinitionCommand, DescribeTasksCommand, ECSClient, ListTasksCommand, Service, Task } from "@aws-sdk/client-ecs";
import { mockClient } from "aws-sdk-client-mock";
import { fargateSpotCheck, imagePinnedCheck, servicePrivateSubnetsCheck, taskSizeCheck, tasksRunningCheck } from "../src/checks/ecs";
import { API, COMPUTE, NETWORK, clients } from "./support/fixtures";

const ecs = mockClient(ECSClient);
const aws = clients();
beforeEach(() => ecs.reset());

const service = (overrides: Partial<Service> = {}): Service => ({
  serviceArn: API.serviceArn,
  serviceName: API.serviceName,
  clusterArn: COMPUTE.clusterArn,
  status: "ACTIVE",
  desiredCount: 2,
  runningCount: 2,
  pendingCount: 0,
  capacityProviderStrategy: [
    { capacityProvider: "FARGATE", base: 1, weight: 1 },
    { capacityProvider: "FARGATE_SPOT", base: 0, weight: 3 },
  ],
  platformVersion: "LATEST",
  platformFamily: "Linux",
  taskDefinition: API.taskDefinitionArn,
  networkConfiguration: { awsvpcConfiguration: { subnets: [...NETWORK.privateSubnetIds], securityGroups: [API.securityGroupId], assignPublicIp: "DISABLED" } },
  schedulingStrategy: "REPLICA",
  ...overrides,
});
const describe_ = (s: Service | undefined) =>
  ecs.on(DescribeServicesCommand, { cluster: API.clusterName, services: [API.serviceName] }).resolves(
    s ? { services: [s], failures: [] } : { services: [], failures: [{ arn: API.serviceArn, reason: "MISSING" }] },
  );

describe("fargateSpotCheck", () => {
  it("passes for a strategy with FARGATE_SPOT weighted and no launch type", async () => {
    describe_(service());
    expect(await fargateSpotCheck(API).run(aws)).toEqual({
      pass: true,
      expected: { launchType: null, capacityProviderStrategy: "includes FARGATE_SPOT with weight > 0" },
      observed: {
        launchType: null,
        capacityProviderStrategy: [
          { capacityProvider: "FARGATE", base: 1, weight: 1 },
          { capacityProvider: "FARGATE_SPOT", base: 0, weight: 3 },
        ],
      },
    });
  });

  it("fails for a launch type, for FARGATE_SPOT at weight 0, and for no strategy", async () => {
    describe_(service({ launchType: "FARGATE", capacityProviderStrategy: undefined }));
    expect(await fargateSpotCheck(API).run(aws)).toMatchObject({ pass: false, observed: { launchType: "FARGATE", capacityProviderStrategy: [] } });
    describe_(service({ capacityProviderStrategy: [{ capacityProvider: "FARGATE", base: 1, weight: 1 }, { capacityProvider: "FARGATE_SPOT" }] }));
    expect(await fargateSpotCheck(API).run(aws)).toMatchObject({
      pass: false,
      observed: { capacityProviderStrategy: [{ capacityProvider: "FARGATE", base: 1, weight: 1 }, { capacityProvider: "FARGATE_SPOT", base: 0, weight: 0 }] },
    });
  });

  it("reports a missing or deleted service as not found", async () => {
    describe_(undefined);
    await expect(fargateSpotCheck(API).run(aws)).rejects.toThrow("ECS service analytics-api-dev in cluster analytics-dev does not exist");
    describe_(service({ status: "INACTIVE" }));
    await expect(fargateSpotCheck(API).run(aws)).rejects.toThrow("does not exist");
    ecs.on(DescribeServicesCommand).resolves({});
    await expect(fargateSpotCheck(API).run(aws)).rejects.toThrow("does not exist");
  });
});

describe("servicePrivateSubnetsCheck", () => {
  it("passes for the private subnets without public IPs", async () => {
    describe_(service());
    expect(await servicePrivateSubnetsCheck(API, NETWORK).run(aws)).toEqual({
      pass: true,
      expected: { subnets: NETWORK.privateSubnetIds, notPrivate: [], assignPublicIp: "DISABLED" },
      observed: { subnets: NETWORK.privateSubnetIds, notPrivate: [], assignPublicIp: "DISABLED" },
    });
  });

  it("fails for a public subnet, a public IP, or no network configuration", async () => {
    describe_(service({ networkConfiguration: { awsvpcConfiguration: { subnets: [NETWORK.publicSubnetIds[0]], assignPublicIp: "ENABLED" } } }));
    expect(await servicePrivateSubnetsCheck(API, NETWORK).run(aws)).toMatchObject({
      pass: false,
      observed: { subnets: [NETWORK.publicSubnetIds[0]], notPrivate: [NETWORK.publicSubnetIds[0]], assignPublicIp: "ENABLED" },
    });
    describe_(service({ networkConfiguration: undefined }));
    expect(await servicePrivateSubnetsCheck(API, NETWORK).run(aws)).toMatchObject({ pass: false, observed: { subnets: [], notPrivate: [], assignPublicIp: null } });
  });
});

describe("tasksRunningCheck", () => {
  const task = (n: number, overrides: Partial<Task> = {}): Task => ({
    taskArn: `arn:aws:ecs:us-east-2:123456789012:task/analytics-dev/0a1b2c3d4e5f4a6b8c9d0e1f2a3b4c${n}`,
    clusterArn: COMPUTE.clusterArn,
    taskDefinitionArn: API.taskDefinitionArn,
    group: `service:${API.serviceName}`,
    lastStatus: "RUNNING",
    desiredStatus: "RUNNING",
    capacityProviderName: "FARGATE_SPOT",
    cpu: "2048",
    memory: "4096",
    ...overrides,
  });

  it("passes when the desired tasks run, and says where they run", async () => {
    describe_(service());
    const tasks = [task(1, { capacityProviderName: "FARGATE" }), task(2)];
    ecs.on(ListTasksCommand, { cluster: API.clusterName, serviceName: API.serviceName, desiredStatus: "RUNNING" }).resolves({ taskArns: tasks.map((t) => t.taskArn!) });
    ecs.on(DescribeTasksCommand, { cluster: API.clusterName, tasks: tasks.map((t) => t.taskArn!) }).resolves({ tasks, failures: [] });
    expect(await tasksRunningCheck(API).run(aws)).toEqual({
      pass: true,
      expected: { desiredCount: "> 0", runningTasks: ">= desiredCount" },
      observed: { desiredCount: 2, runningCount: 2, runningTasks: 2, byCapacityProvider: { FARGATE: 1, FARGATE_SPOT: 1 } },
    });
  });

  it("fails while tasks are still pending", async () => {
    describe_(service({ runningCount: 1, pendingCount: 1 }));
    const tasks = [task(1), task(2, { lastStatus: "PROVISIONING" })];
    ecs.on(ListTasksCommand).resolves({ taskArns: tasks.map((t) => t.taskArn!) });
    ecs.on(DescribeTasksCommand).resolves({ tasks });
    expect(await tasksRunningCheck(API).run(aws)).toMatchObject({ pass: false, observed: { desiredCount: 2, runningCount: 1, runningTasks: 1 } });
  });

  it("fails with no tasks, without calling DescribeTasks", async () => {
    describe_(service({ runningCount: 0 }));
    ecs.on(ListTasksCommand).resolves({ taskArns: [] });
    expect(await tasksRunningCheck(API).run(aws)).toMatchObject({ pass: false, observed: { runningTasks: 0, byCapacityProvider: {} } });
    expect(ecs.commandCalls(DescribeTasksCommand)).toHaveLength(0);
  });

  it("fails for a service scaled to zero, and tolerates sparse answers", async () => {
    describe_(service({ desiredCount: undefined, runningCount: undefined }));
    ecs.on(ListTasksCommand).resolves({ taskArns: ["arn:aws:ecs:us-east-2:123456789012:task/analytics-dev/x"] });
    ecs.on(DescribeTasksCommand).resolves({});
    expect(await tasksRunningCheck(API).run(aws)).toMatchObject({ pass: false, observed: { desiredCount: 0, runningCount: 0, runningTasks: 0 } });
    ecs.on(ListTasksCommand).resolves({});
    expect((await tasksRunningCheck(API).run(aws)).pass).toBe(false);
  });

  describe("while the service waits for its image (0 tasks by design, ADR 0013)", () => {
    const waitingStatus = `waiting for image ${API.repositoryUrl}:1.2.0, 0 tasks: push it, then release it (docs/deploy.md, "First deployment")`;
    const waiting = { ...API, imageStatus: waitingStatus, imageReference: `${API.repositoryUrl}:1.2.0` };

    it("reports the waiting state, not a failure, when nothing runs", async () => {
      describe_(service({ desiredCount: 0, runningCount: 0 }));
      ecs.on(ListTasksCommand).resolves({ taskArns: [] });
      expect(await tasksRunningCheck(waiting).run(aws)).toEqual({
        pass: true,
        expected: { desiredCount: 0, runningTasks: 0 },
        observed: { desiredCount: 0, runningCount: 0, runningTasks: 0, byCapacityProvider: {} },
        waiting: waitingStatus,
      });
    });

    it("fails when tasks are asked for or run although the image is not there", async () => {
      describe_(service({ desiredCount: 2, runningCount: 0 }));
      ecs.on(ListTasksCommand).resolves({ taskArns: [] });
      expect(await tasksRunningCheck(waiting).run(aws)).toMatchObject({ pass: false, observed: { desiredCount: 2 } });
      describe_(service({ desiredCount: 0, runningCount: 1 }));
      expect((await tasksRunningCheck(waiting).run(aws)).pass).toBe(false);
      const tasks = [task(1)];
      describe_(service({ desiredCount: 0, runningCount: 0 }));
      ecs.on(ListTasksCommand).resolves({ taskArns: tasks.map((t) => t.taskArn!) });
      ecs.on(DescribeTasksCommand).resolves({ tasks });
      expect(await tasksRunningCheck(waiting).run(aws)).toMatchObject({ pass: false, observed: { runningTasks: 1 } });
    });
  });

  it("labels tasks by launch type when they have no capacity provider", async () => {
    describe_(service({ desiredCount: 2, runningCount: 2 }));
    const tasks = [task(1, { capacityProviderName: undefined, launchType: "FARGATE" }), task(2, { capacityProviderName: undefined })];
    ecs.on(ListTasksCommand).resolves({ taskArns: tasks.map((t) => t.taskArn!) });
    ecs.on(DescribeTasksCommand).resolves({ tasks });
    expect((await tasksRunningCheck(API).run(aws)).observed).toMatchObject({ byCapacityProvider: { FARGATE: 1, unknown: 1 } });
  });
});

describe("taskSizeCheck", () => {
  const definition = (cpu?: string, memory?: string, requiresCompatibilities?: ("FARGATE" | "EC2")[]) => ({
    taskDefinition: {
      taskDefinitionArn: API.taskDefinitionArn,
      family: "analytics-api-dev",
      revision: 3,
      networkMode: "awsvpc" as const,
      status: "ACTIVE" as const,
      compatibilities: ["EC2" as const, "FARGATE" as const],
      requiresCompatibilities,
      cpu,
      memory,
    },
  });

  it("passes at 2048 CPU / 4096 MiB on Fargate and above", async () => {
    ecs.on(DescribeTaskDefinitionCommand, { taskDefinition: API.taskDefinitionArn }).resolves(definition("2048", "4096", ["FARGATE"]));
    expect(await taskSizeCheck(API).run(aws)).toEqual({
      pass: true,
      expected: { minCpu: 2048, minMemory: 4096, requiresCompatibilities: ["FARGATE"] },
      observed: { cpu: 2048, memory: 4096, requiresCompatibilities: ["FARGATE"] },
    });
    ecs.on(DescribeTaskDefinitionCommand).resolves(definition("4096", "8192", ["FARGATE"]));
    expect((await taskSizeCheck(API).run(aws)).pass).toBe(true);
  });

  it.each([
    ["1 vCPU", definition("1024", "4096", ["FARGATE"])],
    ["3 GB", definition("2048", "3072", ["FARGATE"])],
    ["EC2 only", definition("2048", "4096", ["EC2"])],
    ["nothing set", definition()],
  ])("fails with %s", async (_what, answer) => {
    ecs.on(DescribeTaskDefinitionCommand).resolves(answer);
    expect((await taskSizeCheck(API).run(aws)).pass).toBe(false);
  });

  it("fails on an empty answer", async () => {
    ecs.on(DescribeTaskDefinitionCommand).resolves({});
    expect(await taskSizeCheck(API).run(aws)).toMatchObject({ pass: false, observed: { cpu: 0, memory: 0, requiresCompatibilities: [] } });
  });
});

describe("imagePinnedCheck", () => {
  const containers = (...images: (string | undefined)[]) => ({ taskDefinition: { containerDefinitions: images.map((image, i) => ({ name: `c${i}`, image })) } });
  const expected = { taskDefinition: API.taskDefinitionArn, images: `every container ${API.imageReference}` };

  it("passes when the service deploys its exported task definition and every container pulls the exported digest", async () => {
    describe_(service());
    ecs.on(DescribeTaskDefinitionCommand, { taskDefinition: API.taskDefinitionArn }).resolves(containers(API.imageReference));
    expect(await imagePinnedCheck(API).run(aws)).toEqual({ pass: true, expected, observed: { taskDefinition: API.taskDefinitionArn, images: [API.imageReference] } });
    expect(imagePinnedCheck(API)).toMatchObject({ id: "ecs.service.image-pinned.api", resource: API.serviceName, title: "api: ECS service runs its task definition, which pins the image digest" });
  });

  it("fails for another task definition, a tag instead of a digest, a container without an image, or none", async () => {
    describe_(service({ taskDefinition: `${API.taskDefinitionArn.slice(0, -1)}2` }));
    ecs.on(DescribeTaskDefinitionCommand).resolves(containers(API.imageReference));
    expect(await imagePinnedCheck(API).run(aws)).toMatchObject({ pass: false, observed: { taskDefinition: `${API.taskDefinitionArn.slice(0, -1)}2` } });
    describe_(service());
    ecs.on(DescribeTaskDefinitionCommand).resolves(containers(API.imageReference, undefined));
    expect(await imagePinnedCheck(API).run(aws)).toMatchObject({ pass: false, observed: { images: [API.imageReference, null] } });
    const byTag = { ...API, imageReference: `${API.repositoryUrl}:1.0.0` };
    ecs.on(DescribeTaskDefinitionCommand).resolves(containers(byTag.imageReference));
    expect((await imagePinnedCheck(byTag).run(aws)).pass).toBe(false);
    ecs.on(DescribeTaskDefinitionCommand).resolves({});
    expect(await imagePinnedCheck(API).run(aws)).toMatchObject({ pass: false, observed: { images: [] } });
    describe_(service({ taskDefinition: undefined }));
    ecs.on(DescribeTaskDefinitionCommand, { taskDefinition: API.taskDefinitionArn }).resolves(containers(API.imageReference));
    expect(await imagePinnedCheck(API).run(aws)).toMatchObject({ pass: false, observed: { taskDefinition: null, images: [API.imageReference] } });
  });

  it("is pending while the service waits for its image (ADR 0013)", async () => {
    const waiting = { ...API, imageStatus: `waiting for image ${API.repositoryUrl}:1.4.2, 0 tasks` };
    describe_(service({ desiredCount: 0, runningCount: 0 }));
    ecs.on(DescribeTaskDefinitionCommand).resolves(containers(`${API.repositoryUrl}:1.4.2`));
    expect(await imagePinnedCheck(waiting).run(aws)).toMatchObject({ pass: false, verdict: "pending", reason: waiting.imageStatus });
  });
});
