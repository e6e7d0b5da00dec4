import {
  ClusterContainerInsightsEnabled,
  ContainersLogToCloudWatch,
  ContainersReadOnlyNonRoot,
  FARGATE_SIZES,
  ServiceSubnetsArePrivate,
  ServiceUsesFargateSpot,
  ServiceWithoutPublicIp,
  TaskDefinitionFargateMinimumSize,
} from "../../src/rules/ecs";
import { messagesOf, res, urnOf, violationsOf } from "../plan-builder";

const TASK = "aws:ecs/taskDefinition:TaskDefinition";
const SERVICE = "aws:ecs/service:Service";
const task = (overrides: Record<string, unknown> = {}) =>
  res(TASK, "api", { family: "api-dev", requiresCompatibilities: ["FARGATE"], networkMode: "awsvpc", cpu: "2048", memory: "4096", ...overrides });

describe("task-definition-fargate-minimum-size", () => {
  it.each([
    ["2048", "4096"],
    ["2048", "16384"],
    ["4096", "8192"],
    ["8192", "20480"],
    ["16384", "122880"],
  ])("passes Fargate size %s CPU / %s MiB", async (cpu, memory) => {
    expect(await messagesOf(TaskDefinitionFargateMinimumSize, task({ cpu, memory }))).toEqual([]);
  });

  it("knows the Fargate memory ranges of the sizes at and above the floor", () => {
    expect(FARGATE_SIZES[2048]).toEqual({ min: 4096, max: 16384, step: 1024 });
    expect(Object.keys(FARGATE_SIZES)).toEqual(["2048", "4096", "8192", "16384"]);
  });

  it("reports the issue's small EC2 task: launch type, network mode, CPU and memory", async () => {
    expect(
      await messagesOf(TaskDefinitionFargateMinimumSize, task({ requiresCompatibilities: ["EC2", "FARGATE"], networkMode: "bridge", cpu: "1024", memory: "2048" })),
    ).toEqual([
      'requiresCompatibilities is ["EC2","FARGATE"]; it must be ["FARGATE"].',
      'networkMode is "bridge"; Fargate requires "awsvpc".',
      'cpu is "1024"; the requirements need at least 2048 (2 vCPU).',
      'memory is "2048"; the requirements need at least 4096 MiB (4 GB).',
    ]);
  });

  it("reports missing sizes", async () => {
    expect(await messagesOf(TaskDefinitionFargateMinimumSize, task({ requiresCompatibilities: undefined, cpu: undefined, memory: undefined }))).toEqual([
      "requiresCompatibilities is unset; it must be [\"FARGATE\"].",
      "cpu is unset; the requirements need at least 2048 (2 vCPU).",
      "memory is unset; the requirements need at least 4096 MiB (4 GB).",
    ]);
  });

  it.each([
    ["2048", "32768"],
    ["2048", "4500"],
    ["3072", "8192"],
    ["8192", "18432"],
  ])("reports %s CPU / %s MiB, which is not a Fargate size", async (cpu, memory) => {
    expect(await messagesOf(TaskDefinitionFargateMinimumSize, task({ cpu, memory }))).toEqual([`cpu ${cpu} with memory ${memory} MiB is not a Fargate task size.`]);
  });
});

describe("containers-read-only-non-root", () => {
  const defs = (...containers: object[]) => res(TASK, "api", { containerDefinitions: JSON.stringify(containers) });

  it("passes a read-only, unprivileged container running as a numeric non-root user", async () => {
    expect(await messagesOf(ContainersReadOnlyNonRoot, defs({ name: "api", user: "1000:1000", readonlyRootFilesystem: true, privileged: false }))).toEqual([]);
  });

  it("reports a writable root filesystem, no user and privilege", async () => {
    expect(await messagesOf(ContainersReadOnlyNonRoot, defs({ name: "api", privileged: true }))).toEqual([
      "Container 'api': readonlyRootFilesystem is unset; it must be true.",
      "Container 'api': user is unset; it must name a non-root user.",
      "Container 'api': privileged is true; it must not be.",
    ]);
  });

  it.each(["root", "0", "0:0", "root:staff"])("reports user %s as root", async (user) => {
    expect(await messagesOf(ContainersReadOnlyNonRoot, defs({ name: "api", user, readonlyRootFilesystem: true }))).toEqual([
      `Container 'api': user is "${user}"; it must name a non-root user.`,
    ]);
  });
});

describe("containers-log-to-cloudwatch", () => {
  const defs = (logConfiguration?: object) => res(TASK, "api", { containerDefinitions: JSON.stringify([{ name: "api", logConfiguration }]) });

  it("passes awslogs to a named group", async () => {
    expect(await messagesOf(ContainersLogToCloudWatch, defs({ logDriver: "awslogs", options: { "awslogs-group": "/aws/ecs/api-dev" } }))).toEqual([]);
  });

  it.each([
    [undefined, 'Container \'api\': logConfiguration is unset; it must use "awslogs" with an "awslogs-group".'],
    [{ logDriver: "awslogs", options: {} }, 'Container \'api\': logConfiguration is {"logDriver":"awslogs","options":{}}; it must use "awslogs" with an "awslogs-group".'],
    [{ logDriver: "splunk" }, 'Container \'api\': logConfiguration is {"logDriver":"splunk"}; it must use "awslogs" with an "awslogs-group".'],
  ])("reports logConfiguration %j", async (config, message) => {
    expect(await messagesOf(ContainersLogToCloudWatch, defs(config))).toEqual([message]);
  });
});

describe("service-uses-fargate-spot", () => {
  it("passes Spot with an on-demand base", async () => {
    const strategies = [
      { capacityProvider: "FARGATE", base: 1 },
      { capacityProvider: "FARGATE_SPOT", weight: 1 },
    ];
    expect(await messagesOf(ServiceUsesFargateSpot, res(SERVICE, "api", { capacityProviderStrategies: strategies }))).toEqual([]);
  });

  it("reports a launch type without a strategy", async () => {
    expect(await messagesOf(ServiceUsesFargateSpot, res(SERVICE, "api", { launchType: "FARGATE" }))).toEqual([
      'launchType is "FARGATE"; use a capacity provider strategy with FARGATE_SPOT instead.',
      "capacityProviderStrategies is unset; it needs FARGATE_SPOT with a weight above 0.",
    ]);
  });

  it("reports Spot without weight and on-demand carrying weight", async () => {
    const strategies = [{ capacityProvider: "FARGATE", weight: 1 }, { capacityProvider: "FARGATE_SPOT" }];
    expect(await messagesOf(ServiceUsesFargateSpot, res(SERVICE, "api", { capacityProviderStrategies: strategies }))).toEqual([
      'capacityProviderStrategies is [{"capacityProvider":"FARGATE","weight":1},{"capacityProvider":"FARGATE_SPOT"}]; it needs FARGATE_SPOT with a weight above 0.',
      "Capacity provider 'FARGATE' has weight 1; only FARGATE_SPOT may carry weight (others may give a base).",
    ]);
  });
});

describe("service-without-public-ip", () => {
  it("passes a service in subnets without public IPs", async () => {
    expect(await messagesOf(ServiceWithoutPublicIp, res(SERVICE, "api", { networkConfiguration: { subnets: ["subnet-a"], assignPublicIp: false } }))).toEqual([]);
  });

  it("reports a public IP", async () => {
    expect(await messagesOf(ServiceWithoutPublicIp, res(SERVICE, "api", { networkConfiguration: { subnets: ["subnet-a"], assignPublicIp: true } }))).toEqual([
      "networkConfiguration.assignPublicIp is true; it must be false.",
    ]);
  });

  it("reports a service without network configuration", async () => {
    expect(await messagesOf(ServiceWithoutPublicIp, res(SERVICE, "api", {}))).toEqual(["networkConfiguration is unset; the service must name its private subnets."]);
  });
});

describe("service-subnets-are-private", () => {
  const REF = "pulumi:pulumi:StackReference";
  const networkRef = (outputs: object | undefined) =>
    res(REF, "organization/fin-network/dev", { name: "organization/fin-network/dev" }, outputs ? { outputs: { outputs } } : {});
  const service = (subnets: string[]) => res(SERVICE, "api", { networkConfiguration: { subnets } });

  it("passes a service whose subnets are all private", async () => {
    expect(await messagesOf(ServiceSubnetsArePrivate, networkRef({ privateSubnetIds: ["subnet-p1", "subnet-p2"] }), service(["subnet-p1", "subnet-p2"]))).toEqual([]);
  });

  it("reports each public subnet on the service", async () => {
    const violations = await violationsOf(
      ServiceSubnetsArePrivate,
      networkRef({ privateSubnetIds: ["subnet-p1"], publicSubnetIds: ["subnet-x1"] }),
      service(["subnet-p1", "subnet-x1"]),
    );
    expect(violations).toEqual([
      {
        policy: "service-subnets-are-private",
        enforcementLevel: "mandatory",
        urn: urnOf(SERVICE, "api"),
        message: "Subnet 'subnet-x1' is not one of the private subnets [subnet-p1].",
      },
    ]);
  });

  it("reports a service it cannot check because no network reference outputs are known", async () => {
    expect(
      await messagesOf(ServiceSubnetsArePrivate, res(REF, "organization/fin-data/dev", { name: "organization/fin-data/dev" }, { outputs: { outputs: {} } }), networkRef(undefined), service(["subnet-p1"])),
    ).toEqual(["No fin-network StackReference with privateSubnetIds is in the stack, so the service's subnets cannot be checked."]);
  });

  it("has nothing to say about a stack without services", async () => {
    expect(await messagesOf(ServiceSubnetsArePrivate, networkRef({ privateSubnetIds: ["subnet-p1"] }))).toEqual([]);
  });
});

describe("cluster-container-insights-enabled", () => {
  const CLUSTER = "aws:ecs/cluster:Cluster";

  it.each(["enabled", "enhanced"])("passes Container Insights %s", async (value) => {
    expect(await messagesOf(ClusterContainerInsightsEnabled, res(CLUSTER, "main", { settings: [{ name: "containerInsights", value }] }))).toEqual([]);
  });

  it("reports, as advisory, a cluster without Container Insights", async () => {
    expect(await violationsOf(ClusterContainerInsightsEnabled, res(CLUSTER, "main", {}))).toEqual([
      {
        policy: "cluster-container-insights-enabled",
        enforcementLevel: "advisory",
        urn: urnOf(CLUSTER, "main"),
        message: 'The containerInsights setting is unset; it must be "enabled" or "enhanced".',
      },
    ]);
  });
});
