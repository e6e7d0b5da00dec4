import * as path from "node:path";
import { PRICED_TYPES, estimate, provisionedClassFor, round2, splitTasks, type CostReport, type ResourceCost } from "../src/cost";
import { loadAssumptions, loadPriceBook, type Assumptions } from "../src/data";
import { DATA_DIR, environmentOf, fixture, type Fixture, type FixtureResource } from "./fixtures";

const book = loadPriceBook(path.join(DATA_DIR, "prices-us-east-2.json"), "us-east-2");
const defaults = loadAssumptions(path.join(DATA_DIR, "assumptions.json")).values;

const run = (f: Fixture = fixture(), overrides: Partial<Assumptions> = {}): CostReport => estimate(environmentOf(f), book, { ...defaults, ...overrides });
const line = (report: CostReport, type: string, name?: string): ResourceCost => {
  const found = report.resources.filter((r) => r.type === type && (name === undefined || r.name === name));
  expect(found).toHaveLength(1);
  return found[0];
};
/** The fixture with one resource of `layer` replaced (matched by type and name) or added. */
const withResource = (layer: keyof Fixture, resource: FixtureResource, f: Fixture = fixture()): Fixture => {
  const rest = f[layer].resources.filter(([type, name]) => !(type === resource[0] && name === resource[1]));
  return { ...f, [layer]: { ...f[layer], resources: [...rest, resource] } };
};
const inputsOf = (f: Fixture, layer: keyof Fixture, type: string, name: string): Record<string, unknown> =>
  (f[layer].resources.find(([t, n]) => t === type && n === name) as FixtureResource)[3];

describe("the fixture environment, priced by hand (730 h, default assumptions, us-east-2 prices)", () => {
  const report = run();

  it("prices each key at $1 a month plus 100k requests at $0.03 per 10k: $1.30", () => {
    expect(report.resources.filter((r) => r.type === "aws:kms/key:Key").map((r) => r.monthlyUsd)).toEqual([1.3, 1.3, 1.3]);
  });

  it("prices the interface endpoint at 2 ENIs x 730 h x $0.01 + 5 GB x $0.01 = $14.65, and nothing in the naive design", () => {
    const endpoint = line(report, "aws:ec2/vpcEndpoint:VpcEndpoint", "platform-ecr.api");
    expect(endpoint.items.map((i) => [i.quantity, i.unitUsd, i.monthlyUsd])).toEqual([
      [1460, 0.01, 14.6],
      [5, 0.01, 0.05],
    ]);
    expect([endpoint.status, endpoint.monthlyUsd, endpoint.naiveMonthlyUsd]).toEqual(["priced", 14.65, 0]);
  });

  it("lists the S3 gateway endpoint as free", () => {
    expect(line(report, "aws:ec2/vpcEndpoint:VpcEndpoint", "platform-s3")).toMatchObject({ status: "free", monthlyUsd: 0, notes: ["gateway endpoints have no hourly or data charge"] });
  });

  it("prices a 30-day log group at 5 GB x $0.50 + 5 GB-months x $0.03 = $2.65", () => {
    expect(line(report, "aws:cloudwatch/logGroup:LogGroup", "platform-flow-logs").monthlyUsd).toBe(2.65);
  });

  it("builds the naive NAT gateways per private AZ: 730 h x ($0.045 + $0.005 IPv4) = $36.50 each, and 5 GB x $0.045 = $0.23 processing (S3 stays on the gateway endpoint)", () => {
    const nat = report.resources.filter((r) => r.naiveOnly);
    expect(nat.map((r) => [r.name, r.monthlyUsd, r.naiveMonthlyUsd])).toEqual([
      ["nat-gateway-us-east-2a", 0, 36.5],
      ["nat-gateway-us-east-2b", 0, 36.5],
      ["nat-gateway-data-processing", 0, 0.23],
    ]);
    expect([nat[2].naiveItems[0].quantity, nat[2].notes]).toEqual([5, ["naive design only: 1 endpoint x 5 GB; S3 traffic stays on the free gateway endpoint"]]);
  });

  it("prices the Aurora cluster's storage, I/O, backup and managed secret: $2.00 + $2.00 + $0.21 + $0.40", () => {
    const cluster = line(report, "aws:rds/cluster:Cluster");
    expect(cluster.items.map((i) => i.monthlyUsd)).toEqual([2, 2, 0.21, 0.4]);
    expect(cluster.naiveMonthlyUsd).toBe(4.61);
  });

  it("prices each Serverless v2 instance at 0.5 + 0.15 x 15.5 = 2.825 ACU x 730 h x $0.12 = $247.47; naive db.r6g.xlarge (32 GiB for 16 ACU) x 730 h x $0.519 = $378.87", () => {
    const writer = line(report, "aws:rds/clusterInstance:ClusterInstance", "platform-writer");
    expect(writer.items).toEqual([{ item: "Serverless v2 at 2.83 ACU average (0.5-16)", quantity: 2062.25, unit: "ACU-hours", price: "auroraServerlessV2AcuHour", unitUsd: 0.12, monthlyUsd: 247.47 }]);
    expect(writer.naiveItems).toEqual([{ item: "provisioned db.r6g.xlarge (32 GiB for 16 ACU)", quantity: 730, unit: "hours", price: "auroraInstanceClasses.db.r6g.xlarge", unitUsd: 0.519, monthlyUsd: 378.87 }]);
    expect(line(report, "aws:rds/clusterInstance:ClusterInstance", "platform-reader").monthlyUsd).toBe(247.47);
  });

  it("prices the bucket: 50 GB x $0.023 + 100k PUT x $0.005/1k + 1M GET x $0.0004/1k + 100 GB Glacier x $0.0036 = $2.41", () => {
    expect(line(report, "aws:s3/bucket:Bucket").items.map((i) => i.monthlyUsd)).toEqual([1.15, 0.5, 0.4, 0.36]);
  });

  it("prices the on-demand stream: $29.20 stream-hours + $4.00 in + $4.00 out + 50 GB x 144/730 months x $0.10 = $38.19", () => {
    const stream = line(report, "aws:kinesis/stream:Stream");
    expect(stream.items.map((i) => i.monthlyUsd)).toEqual([29.2, 4, 4, 0.99]);
    expect(stream.monthlyUsd).toBe(38.19);
  });

  it("prices the vault (20 GB x $0.021), the secret ($0.40 + 10k calls x $0.05/10k) and the repository (2 GB x $0.10)", () => {
    expect([line(report, "aws:backup/vault:Vault").monthlyUsd, line(report, "aws:secretsmanager/secret:Secret").monthlyUsd, line(report, "aws:ecr/repository:Repository").monthlyUsd]).toEqual([0.42, 0.45, 0.2]);
  });

  it("splits the service's 3 tasks as 1 on-demand base + 2 Spot: $35.46 + $7.79 Spot, $59.10 + $12.98 on demand = $115.33", () => {
    const service = line(report, "aws:ecs/service:Service");
    expect(service.items.map((i) => [i.item, i.quantity, i.unitUsd, i.monthlyUsd])).toEqual([
      ["Fargate Spot vCPU", 2920, 0.012144, 35.46],
      ["Fargate Spot memory", 5840, 0.0013335, 7.79],
      ["Fargate on-demand vCPU", 1460, 0.04048, 59.1],
      ["Fargate on-demand memory", 2920, 0.004445, 12.98],
    ]);
    expect(service.monthlyUsd).toBe(115.33);
    expect(service.notes).toEqual(["2 vCPU / 4 GB per task (app)", "autoscaling 2-6 tasks; priced at max(desiredCount, min)", "3 tasks: 2 on Fargate Spot, 1 on demand"]);
  });

  it("prices the naive service as 3 on-demand tasks: 4380 vCPU-h x $0.04048 + 8760 GB-h x $0.004445 = $216.24", () => {
    expect(line(report, "aws:ecs/service:Service").naiveMonthlyUsd).toBe(216.24);
  });

  it("prices the internet-facing ALB: $16.43 hours + $5.84 LCU + 2 public IPv4 x 730 h x $0.005 = $29.57", () => {
    expect(line(report, "aws:lb/loadBalancer:LoadBalancer").items.map((i) => i.monthlyUsd)).toEqual([16.43, 5.84, 7.3]);
  });

  it("prices Container Insights (1 GB x $0.50) and the target-tracking alarms (2 x $0.10)", () => {
    expect([line(report, "aws:ecs/cluster:Cluster").monthlyUsd, line(report, "aws:appautoscaling/policy:Policy").monthlyUsd]).toEqual([0.5, 0.2]);
  });

  it("totals each layer and the environment against the naive design, with the saving in dollars and percent", () => {
    expect(report.layers.map((l) => [l.layer, l.monthlyUsd, l.naiveMonthlyUsd, l.priced, l.free, l.unpriced])).toEqual([
      ["security", 3.9, 3.9, 3, 1, 0],
      ["network", 17.3, 75.88, 2, 12, 0],
      ["data", 541.02, 803.82, 7, 3, 0],
      ["compute", 148.45, 249.36, 6, 7, 1],
    ]);
    expect([report.totalMonthlyUsd, report.naiveTotalMonthlyUsd, report.savingUsd, report.savingPercent]).toEqual([710.67, 1132.96, 422.29, 37.3]);
    expect([report.stack, report.region, report.priceVersion]).toEqual(["dev", "us-east-2", book.version]);
  });

  it("lists a type with no price as unpriced, never as zero", () => {
    expect(report.unpriced).toEqual([{ layer: "compute", name: "edge", type: "aws:wafv2/webAcl:WebAcl", reason: "no price for this resource type" }]);
  });

  it("lists free types with the reason from the price file", () => {
    expect(line(report, "aws:ec2/vpc:Vpc")).toMatchObject({ status: "free", notes: ["no charge for the VPC itself"] });
    expect(line(report, "aws:ecs/taskDefinition:TaskDefinition").notes).toEqual(["billed through the ECS service that runs it"]);
  });
});

describe("cost per catalog service (issue 16)", () => {
  it("sums each service's tagged resources, its untagged scaling policy by resourceId, and puts the rest in shared, adding up to the total", () => {
    const report = run();
    expect(report.services).toEqual([
      // service 115.33 (216.24 naive, all on demand) + log group 2.65 + repository 0.20 + scaling alarms 0.20; role, task definition, target free
      { service: "app", monthlyUsd: 118.38, naiveMonthlyUsd: 219.29, resources: 7 },
      { service: "shared", monthlyUsd: 592.29, naiveMonthlyUsd: 913.67, resources: 38 },
    ]);
    expect(round2(report.services.reduce((t, v) => t + v.monthlyUsd, 0))).toBe(report.totalMonthlyUsd);
    expect(round2(report.services.reduce((t, v) => t + v.naiveMonthlyUsd, 0))).toBe(report.naiveTotalMonthlyUsd);
    expect(line(report, "aws:appautoscaling/policy:Policy").service).toBe("app");
    expect(line(report, "aws:ecs/cluster:Cluster").service).toBe("shared");
  });

  it("reads tags given as JSON text, and treats unreadable or empty tags and policies of no known service as shared", () => {
    const f = withResource("compute", ["aws:ecr/repository:Repository", "odd", "odd-repo", { name: "odd-repo", tags: "{not json" }]);
    const g = withResource("compute", ["aws:ecr/repository:Repository", "blank", "blank-repo", { name: "blank-repo", tags: { service: "" } }], f);
    const h = withResource("compute", ["aws:appautoscaling/policy:Policy", "gone", "gone", { policyType: "TargetTrackingScaling", resourceId: "service/cluster-dev/gone-dev" }], g);
    const report = run(h);
    expect([line(report, "aws:ecr/repository:Repository", "odd").service, line(report, "aws:ecr/repository:Repository", "blank").service, line(report, "aws:appautoscaling/policy:Policy", "gone").service]).toEqual([
      "shared",
      "shared",
      "shared",
    ]);
    expect(line(report, "aws:cloudwatch/logGroup:LogGroup", "app").service).toBe("app");
  });
});

describe("configuration changes the figures", () => {
  it("more tasks cost more: desiredCount 5 prices 4 Spot tasks and 5 naive on-demand tasks", () => {
    const f = fixture();
    const service = inputsOf(f, "compute", "aws:ecs/service:Service", "app");
    const report = run(withResource("compute", ["aws:ecs/service:Service", "app", "svc", { ...service, desiredCount: 5 }], f));
    expect(line(report, "aws:ecs/service:Service").notes).toContain("5 tasks: 4 on Fargate Spot, 1 on demand");
    expect(report.totalMonthlyUsd).toBeGreaterThan(710.67);
  });

  it("a larger max ACU raises the Serverless v2 average and the naive instance class", () => {
    const f = fixture();
    const cluster = inputsOf(f, "data", "aws:rds/cluster:Cluster", "platform");
    const report = run(withResource("data", ["aws:rds/cluster:Cluster", "platform", "aurora-dev", { ...cluster, serverlessv2ScalingConfiguration: { minCapacity: 0.5, maxCapacity: 64 } }], f));
    const writer = line(report, "aws:rds/clusterInstance:ClusterInstance", "platform-writer");
    // 0.5 + 0.15 x 63.5 = 10.025 ACU x 730 x $0.12; naive db.r6g.4xlarge (128 GiB) x 730 x $2.076.
    expect([writer.monthlyUsd, writer.naiveMonthlyUsd]).toEqual([878.19, 1515.48]);
  });

  it("hoursPerMonth and spotDiscount are honoured", () => {
    const service = line(run(fixture(), { hoursPerMonth: 100, spotDiscount: 0.5 }), "aws:ecs/service:Service");
    expect(service.items[0]).toEqual({ item: "Fargate Spot vCPU", quantity: 400, unit: "vCPU-hours", price: "fargateVcpuHour x (1 - spotDiscount 0.5)", unitUsd: 0.02024, monthlyUsd: 8.1 });
  });
});

describe("every priced type and its variants", () => {
  const single = (layer: keyof Fixture, resource: FixtureResource, f: Fixture = fixture()): ResourceCost => line(run(withResource(layer, resource, f)), resource[0], resource[1]);

  it("has a formula for exactly these types", () => {
    expect([...PRICED_TYPES].sort()).toEqual([
      "aws:appautoscaling/policy:Policy",
      "aws:backup/vault:Vault",
      "aws:cloudwatch/logGroup:LogGroup",
      "aws:cloudwatch/metricAlarm:MetricAlarm",
      "aws:ec2/eip:Eip",
      "aws:ec2/natGateway:NatGateway",
      "aws:ec2/vpcEndpoint:VpcEndpoint",
      "aws:ecr/repository:Repository",
      "aws:ecs/cluster:Cluster",
      "aws:ecs/service:Service",
      "aws:kinesis/stream:Stream",
      "aws:kms/key:Key",
      "aws:lb/loadBalancer:LoadBalancer",
      "aws:rds/cluster:Cluster",
      "aws:rds/clusterInstance:ClusterInstance",
      "aws:s3/bucket:Bucket",
      "aws:secretsmanager/secret:Secret",
    ]);
  });

  it("NAT gateway, Elastic IP and metric alarm", () => {
    expect(single("network", ["aws:ec2/natGateway:NatGateway", "nat", "nat-1", {}]).items.map((i) => i.monthlyUsd)).toEqual([32.85]);
    expect(single("network", ["aws:ec2/eip:Eip", "eip", "eipalloc-1", {}]).monthlyUsd).toBe(3.65);
    expect(single("compute", ["aws:cloudwatch/metricAlarm:MetricAlarm", "cpu", "cpu", {}]).monthlyUsd).toBe(0.1);
  });

  it("endpoints: a missing type is a gateway; Gateway Load Balancer endpoints are unpriced; an interface with no subnets has no ENI hours", () => {
    expect(single("network", ["aws:ec2/vpcEndpoint:VpcEndpoint", "dynamo", "vpce-9", { serviceName: "com.amazonaws.us-east-2.dynamodb" }]).status).toBe("free");
    expect(single("network", ["aws:ec2/vpcEndpoint:VpcEndpoint", "gwlb", "vpce-8", { vpcEndpointType: "GatewayLoadBalancer" }])).toMatchObject({ status: "unpriced", notes: ["GatewayLoadBalancer endpoints are not in the price file"] });
    expect(single("network", ["aws:ec2/vpcEndpoint:VpcEndpoint", "one", "vpce-7", { vpcEndpointType: "Interface", subnetIds: ["subnet-1000000000000000a"] }]).items[0]).toMatchObject({ item: "endpoint ENI in 1 AZ", quantity: 730 });
    expect(single("network", ["aws:ec2/vpcEndpoint:VpcEndpoint", "none", "vpce-6", { vpcEndpointType: "Interface" }]).items[0].monthlyUsd).toBe(0);
  });

  it("services: no task definition is unpriced; an EC2 capacity provider is unpriced", () => {
    expect(single("compute", ["aws:ecs/service:Service", "app", "svc", { taskDefinition: "arn:aws:ecs:us-east-2:123456789012:task-definition/other:1" }])).toMatchObject({ status: "unpriced", notes: ["its task definition is not in the plan"] });
    expect(
      single("compute", ["aws:ecs/service:Service", "app", "svc", { taskDefinition: "app-dev", desiredCount: 1, capacityProviderStrategies: [{ capacityProvider: "asg-provider", weight: 1 }] }]).notes,
    ).toEqual(["capacity provider asg-provider is not Fargate"]);
  });

  it("services: without a strategy they use the cluster's default strategy, else on-demand Fargate", () => {
    const f = withResource("compute", ["aws:ecs/clusterCapacityProviders:ClusterCapacityProviders", "platform", "cluster-dev", { clusterName: "cluster-dev", defaultCapacityProviderStrategies: [{ capacityProvider: "FARGATE_SPOT", weight: 1 }] }]);
    const noStrategy = { name: "app-dev", cluster: "arn:aws:ecs:us-east-2:123456789012:cluster/cluster-dev", taskDefinition: "app-dev" };
    expect(single("compute", ["aws:ecs/service:Service", "app", "svc", { ...noStrategy, desiredCount: 1 }], f).notes).toContain("2 tasks: 2 on Fargate Spot, 0 on demand");
    const plain = single("compute", ["aws:ecs/service:Service", "other", "svc2", { taskDefinition: "app-dev", desiredCount: 1 }]);
    expect(plain.items.map((i) => i.item)).toEqual(["Fargate on-demand vCPU", "Fargate on-demand memory"]);
    expect(plain.notes).toEqual(["2 vCPU / 4 GB per task (app)", "1 task: 0 on Fargate Spot, 1 on demand"]);
    expect(single("compute", ["aws:ecs/service:Service", "idle", "svc3", { taskDefinition: "app-dev" }]).monthlyUsd).toBe(0);
  });

  it("services: a task definition without task-level cpu/memory is unpriced; autoscaling without a minimum keeps desiredCount", () => {
    const noSize = withResource("compute", ["aws:ecs/taskDefinition:TaskDefinition", "app", "app-dev", { family: "app-dev" }]);
    expect(line(run(noSize), "aws:ecs/service:Service")).toMatchObject({ status: "unpriced", notes: ["task definition app sets no task-level cpu and memory (Fargate needs both)"] });
    const noMin = withResource("compute", ["aws:appautoscaling/target:Target", "app", "t", { resourceId: "service/cluster-dev/app-dev", maxCapacity: 6 }]);
    expect(line(run(noMin), "aws:ecs/service:Service").notes).toContain("autoscaling 0-6 tasks; priced at max(desiredCount, min)");
  });

  it("services: ARM64 tasks carry a note that they are priced at x86 rates", () => {
    const f = withResource("compute", ["aws:ecs/taskDefinition:TaskDefinition", "app", "app-dev", { family: "app-dev", cpu: "1024", memory: "2048", runtimePlatform: { cpuArchitecture: "ARM64" } }]);
    expect(line(run(f), "aws:ecs/service:Service").notes).toContain("ARM64 tasks priced at x86 rates (an upper bound)");
  });

  it("splitTasks gives base tasks first, the rest by weight, and everything to the first provider when weights are all 0", () => {
    expect([...splitTasks(5, [{ capacityProvider: "FARGATE", base: 2, weight: 1 }, { capacityProvider: "FARGATE_SPOT", weight: 2 }])]).toEqual([
      ["FARGATE", 3],
      ["FARGATE_SPOT", 2],
    ]);
    expect([...splitTasks(1, [{ capacityProvider: "FARGATE", base: 3 }, { capacityProvider: "FARGATE_SPOT" }])]).toEqual([
      ["FARGATE", 1],
      ["FARGATE_SPOT", 0],
    ]);
    expect([...splitTasks(2, [{ capacityProvider: "FARGATE_SPOT" }])]).toEqual([["FARGATE_SPOT", 2]]);
  });

  it("Aurora: a provisioned class is priced from the table or listed unpriced; a serverless instance without scaling config is unpriced", () => {
    expect(single("data", ["aws:rds/clusterInstance:ClusterInstance", "platform-reader", "r", { clusterIdentifier: "aurora-dev", instanceClass: "db.r6g.large" }]).items).toEqual([
      { item: "db.r6g.large instance", quantity: 730, unit: "hours", price: "auroraInstanceClasses.db.r6g.large", unitUsd: 0.26, monthlyUsd: 189.8 },
    ]);
    expect(single("data", ["aws:rds/clusterInstance:ClusterInstance", "platform-reader", "r", { instanceClass: "db.x2g.large" }]).notes).toEqual(["instance class db.x2g.large is not in the price file"]);
    expect(single("data", ["aws:rds/clusterInstance:ClusterInstance", "platform-reader", "r", { clusterIdentifier: "elsewhere", instanceClass: "db.serverless" }]).status).toBe("unpriced");
  });

  it("Aurora: I/O-Optimized storage has no I/O charge; no managed secret, no secret line", () => {
    expect(single("data", ["aws:rds/cluster:Cluster", "platform", "aurora-dev", { storageType: "aurora-iopt1" }]).items.map((i) => [i.item, i.monthlyUsd])).toEqual([
      ["storage (I/O-Optimized)", 4.5],
      ["backup storage beyond the free allowance", 0.21],
    ]);
  });

  it("provisionedClassFor picks the smallest class with 2 GiB per ACU, or the largest there is", () => {
    expect([provisionedClassFor(2, book), provisionedClassFor(4, book), provisionedClassFor(8.5, book), provisionedClassFor(512, book)]).toEqual(["db.t4g.medium", "db.t4g.large", "db.r6g.xlarge", "db.r6g.16xlarge"]);
  });

  it("log groups without retention show a year of storage and say it keeps growing", () => {
    const group = single("compute", ["aws:cloudwatch/logGroup:LogGroup", "app", "/ecs/app-dev", { name: "/ecs/app-dev" }]);
    expect([group.items[1].quantity, group.monthlyUsd, group.notes]).toEqual([60, 4.3, ["no retention: a year of storage shown, and it keeps growing"]]);
  });

  it("Kinesis provisioned streams: shard hours, PUT units, and extended retention only beyond 24 h", () => {
    const stream = single("data", ["aws:kinesis/stream:Stream", "ingest", "s", { shardCount: 2, retentionPeriod: 48 }]);
    // 2 x 730 x $0.015; 50 GB / 25 KB = 2.097152 M units x $0.014; 2 x 730 x $0.02.
    expect(stream.items.map((i) => [i.item, i.monthlyUsd])).toEqual([
      ["2 shards", 21.9],
      ["PUT payload units", 0.03],
      ["retention beyond 24 h (48 h)", 29.2],
    ]);
    expect(single("data", ["aws:kinesis/stream:Stream", "ingest", "s", { streamModeDetails: { streamMode: "PROVISIONED" } }]).items.map((i) => i.item)).toEqual(["1 shard", "PUT payload units"]);
    expect(single("data", ["aws:kinesis/stream:Stream", "ingest", "s", { streamModeDetails: { streamMode: "ON_DEMAND" } }]).items[3]).toMatchObject({ quantity: 0, monthlyUsd: 0 });
  });

  it("load balancers: internal ALBs have no public IPs; network load balancers are unpriced", () => {
    expect(single("compute", ["aws:lb/loadBalancer:LoadBalancer", "platform", "lb", { internal: true }]).items.map((i) => i.item)).toEqual(["load balancer", "capacity units"]);
    expect(single("compute", ["aws:lb/loadBalancer:LoadBalancer", "platform", "lb", { subnetMappings: [{ subnetId: "a" }] }]).items[2].item).toBe("1 public IPv4 address (one per AZ)");
    expect(single("compute", ["aws:lb/loadBalancer:LoadBalancer", "platform", "lb", { loadBalancerType: "network" }]).notes).toEqual(["network load balancers are not in the price file"]);
  });

  it("buckets: Glacier Instant and Deep Archive are priced, other classes noted, no lifecycle no Glacier line", () => {
    const lifecycle = (storageClass: string): Fixture =>
      withResource("data", ["aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", "raw", "fin-raw-dev", { bucket: "fin-raw-dev", rules: [{ transitions: [{ storageClass }] }, {}] }]);
    expect(line(run(lifecycle("GLACIER_IR")), "aws:s3/bucket:Bucket").items[3].monthlyUsd).toBe(0.4);
    expect(line(run(lifecycle("DEEP_ARCHIVE")), "aws:s3/bucket:Bucket").items[3].monthlyUsd).toBe(0.1);
    expect(line(run(lifecycle("STANDARD_IA")), "aws:s3/bucket:Bucket").notes).toEqual(["lifecycle storage class STANDARD_IA is not in the price file: transitioned objects are not priced"]);
    expect(single("data", ["aws:s3/bucket:Bucket", "processed", "fin-processed-dev", {}]).items).toHaveLength(3);
  });

  it("ECS clusters without Container Insights are free; step scaling policies are free", () => {
    expect(single("compute", ["aws:ecs/cluster:Cluster", "platform", "c", { settings: [{ name: "containerInsights", value: "disabled" }] }]).status).toBe("free");
    expect(single("compute", ["aws:ecs/cluster:Cluster", "platform", "c", {}]).status).toBe("free");
    expect(single("compute", ["aws:appautoscaling/policy:Policy", "app-cpu", "p", { policyType: "StepScaling" }]).status).toBe("free");
  });

  it("no subnets, no naive NAT gateways; a zero naive total gives a 0% saving", () => {
    const empty: Fixture = { security: { resources: [] }, network: { resources: [] }, data: { resources: [] }, compute: { resources: [] } };
    const report = run(empty);
    expect([report.resources.length, report.totalMonthlyUsd, report.savingPercent]).toEqual([0, 0, 0]);
  });

  it("subnets without an AZ input are grouped by name; routes on the route table mark a subnet public", () => {
    const f: Fixture = {
      ...fixture(),
      network: {
        resources: [
          ["aws:ec2/internetGateway:InternetGateway", "igw", "igw-1", {}],
          ["aws:ec2/routeTable:RouteTable", "public", "rtb-1", { routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: "igw-1" }] }],
          ["aws:ec2/routeTableAssociation:RouteTableAssociation", "public", "rtbassoc-1", { routeTableId: "rtb-1", subnetId: "subnet-pub" }],
          ["aws:ec2/subnet:Subnet", "pub", "subnet-pub", {}],
          ["aws:ec2/subnet:Subnet", "auto", "subnet-auto", { mapPublicIpOnLaunch: true }],
          ["aws:ec2/subnet:Subnet", "priv", "subnet-priv", { availabilityZoneId: "use2-az1" }],
          ["aws:ec2/subnet:Subnet", "other", "subnet-other", {}],
        ],
      },
    };
    expect(run(f).resources.filter((r) => r.naiveOnly).map((r) => r.name)).toEqual(["nat-gateway-other", "nat-gateway-use2-az1", "nat-gateway-data-processing"]);
  });

  it("round2 rounds half cents up despite binary noise", () => {
    expect([round2(16.425), round2(2.475), round2(0.015), round2(-0.015), round2(1)]).toEqual([16.43, 2.48, 0.02, -0.02, 1]);
  });
});
