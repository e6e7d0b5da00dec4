import type { Assumptions, PriceBook, PriceKey } from "./data";
import { ResourceIndex } from "./graph";
import { LAYERS, PROFILES, PROFILE_TAG, type Layer, type Profile } from "@fin/config";
import type { Environment, PlannedResource } from "@fin/plan";

/** One priced quantity: quantity x unit price = monthly dollars. */
export interface CostItem {
  readonly item: string;
  readonly quantity: number;
  readonly unit: string;
  /** Price file key(s) the unit price comes from. */
  readonly price: string;
  readonly unitUsd: number;
  readonly monthlyUsd: number;
}

export type CostStatus = "priced" | "free" | "unpriced";

export interface ResourceCost {
  readonly layer: Layer;
  /** The catalog service its `service` tag names (stacks/compute, ADR 0017), or SHARED. */
  readonly service: string;
  readonly name: string;
  readonly type: string;
  readonly status: CostStatus;
  readonly monthlyUsd: number;
  readonly naiveMonthlyUsd: number;
  readonly items: readonly CostItem[];
  readonly naiveItems: readonly CostItem[];
  readonly notes: readonly string[];
  /** Only in the naive design (its NAT gateways). */
  readonly naiveOnly?: boolean;
}

export interface LayerCost {
  readonly layer: Layer;
  readonly monthlyUsd: number;
  readonly naiveMonthlyUsd: number;
  readonly priced: number;
  readonly free: number;
  readonly unpriced: number;
}

/** One catalog service's resources, or the shared ones, summed (ServiceCost rows add up to the total). */
export interface ServiceCost {
  readonly service: string;
  readonly monthlyUsd: number;
  readonly naiveMonthlyUsd: number;
  /** How many resources the row sums (naive-only lines included). */
  readonly resources: number;
}

export interface CostReport {
  readonly stack: string;
  /** The environment profile its plans were built with (the providers' environment-profile tag). */
  readonly profile: Profile;
  readonly region: string;
  readonly priceVersion: string;
  readonly resources: readonly ResourceCost[];
  readonly layers: readonly LayerCost[];
  /** Per catalog service, by name, then SHARED: everything without a `service` tag. */
  readonly services: readonly ServiceCost[];
  readonly totalMonthlyUsd: number;
  readonly naiveTotalMonthlyUsd: number;
  readonly savingUsd: number;
  readonly savingPercent: number;
  readonly unpriced: readonly { readonly layer: Layer; readonly name: string; readonly type: string; readonly reason: string }[];
}

/** A priced quantity below zero (or not a number): an assumption the validation did not see. */
export class NegativeQuantityError extends Error {
  constructor(item: string, quantity: number, unit: string) {
    super(`assumptions are invalid:\n  - ${item}: ${quantity} ${unit} is not a quantity >= 0 (check the --assume values it is computed from)`);
    this.name = "NegativeQuantityError";
  }
}

/**
 * The profile an environment was planned with: the `environment-profile` default tag of its aws
 * providers (only the layers that read a profile carry it, @fin/config defaultTags); production
 * when no provider says otherwise.
 */
export function environmentProfile(env: Environment): Profile {
  for (const layer of env.layers) {
    for (const step of layer.plan.steps) {
      if (step.newState?.type !== "pulumi:providers:aws") {
        continue;
      }
      const raw = step.newState.inputs?.["defaultTags"];
      let tags: unknown;
      try {
        // The engine serializes provider inputs as JSON strings.
        tags = obj(typeof raw === "string" ? JSON.parse(raw) : raw)["tags"];
      } catch {
        tags = undefined;
      }
      const profile = obj(tags)[PROFILE_TAG];
      if ((PROFILES as readonly unknown[]).includes(profile) && profile !== "production") {
        return profile as Profile;
      }
    }
  }
  return "production";
}

/**
 * NAT gateways in the naive design of each profile: production puts one in every private-subnet AZ
 * (a NAT gateway serves one AZ; AWS recommends one per AZ so an AZ outage does not cut the others
 * off: https://docs.aws.amazon.com/vpc/latest/userguide/nat-gateway-basics.html), an ephemeral
 * environment, which has no standby anyway, makes do with one.
 */
export const NAIVE_NAT_GATEWAYS: Readonly<Record<Profile, "per-az" | 1>> = { production: "per-az", ephemeral: 1 };

/**
 * The row of the resources no catalog service owns: the cluster, the ALB and its listeners, and every
 * other layer's resources (the contract of issue 16 tags only per-service resources).
 */
export const SHARED = "shared";

/** The resource tag that names a resource's catalog service (the issue 16 contract, @fin/contracts SERVICE_TAG). */
export const SERVICE_TAG = "service";

/** The service a planned resource belongs to: its `service` tag, else SHARED. */
export function serviceOf(r: PlannedResource): string {
  const raw = r.inputs["tags"];
  let tags: unknown = raw;
  if (typeof raw === "string") {
    try {
      tags = JSON.parse(raw);
    } catch {
      tags = undefined;
    }
  }
  const service = obj(tags)[SERVICE_TAG];
  return typeof service === "string" && service !== "" ? service : SHARED;
}

/** Cents, half away from zero, immune to binary noise (0.015 -> 0.02). */
export const round2 = (n: number): number => Math.round((n + Math.sign(n) * 1e-9) * 100) / 100;
const round1 = (n: number): number => Math.round((n + Math.sign(n) * 1e-9) * 10) / 10;
const sum = (items: readonly { monthlyUsd: number }[]): number => round2(items.reduce((t, i) => t + i.monthlyUsd, 0));

interface DerivedPrice {
  readonly usd: number;
  readonly label: string;
}

/** The outcome of pricing one resource (the naive design defaults to the same items). */
interface Priced {
  readonly status: CostStatus;
  readonly items?: CostItem[];
  readonly naiveItems?: CostItem[];
  readonly notes?: string[];
}

class Pricer {
  readonly a: Assumptions;

  constructor(
    readonly index: ResourceIndex,
    readonly book: PriceBook,
    assumptions: Assumptions,
  ) {
    this.a = assumptions;
  }

  usd(key: PriceKey): number {
    return this.book.prices[key].usd;
  }

  /** A price file key, or a derived price with the label that explains it. */
  item(item: string, quantity: number, unit: string, price: PriceKey | DerivedPrice): CostItem {
    const { usd, label } = typeof price === "string" ? { usd: this.usd(price), label: price } : price;
    if (!(quantity >= 0)) {
      // Validated assumptions cannot get here; assumptions handed to estimate() directly can.
      throw new NegativeQuantityError(item, quantity, unit);
    }
    return { item, quantity, unit, price: label, unitUsd: usd, monthlyUsd: round2(quantity * usd) };
  }

  hours(item: string, count: number, price: PriceKey): CostItem {
    return this.item(item, count * this.a.hoursPerMonth, "hours", price);
  }
}

const num = (v: unknown): number | undefined => {
  const n = typeof v === "string" && v.trim() !== "" ? Number(v) : v;
  return typeof n === "number" && Number.isFinite(n) ? n : undefined;
};
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const obj = (v: unknown): Record<string, unknown> => (typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

type TypePricer = (r: PlannedResource, p: Pricer) => Priced;

function vpcEndpoint(r: PlannedResource, p: Pricer): Priced {
  const kind = String(r.inputs["vpcEndpointType"] ?? "Gateway");
  if (kind === "Gateway") {
    return { status: "free", notes: ["gateway endpoints have no hourly or data charge"] };
  }
  if (kind !== "Interface") {
    return { status: "unpriced", notes: [`${kind} endpoints are not in the price file`] };
  }
  const enis = list(r.inputs["subnetIds"]).length;
  return {
    status: "priced",
    items: [
      p.hours(`endpoint ENI in ${enis} AZ${enis === 1 ? "" : "s"}`, enis, "vpcInterfaceEndpointHour"),
      p.item("data processed", p.a.interfaceEndpointGbPerMonth, "GB", "vpcInterfaceEndpointGb"),
    ],
    naiveItems: [],
    notes: ["naive design: replaced by the NAT gateways"],
  };
}

/** Splits a service's tasks over its capacity providers as ECS does: `base` first, the rest by weight. */
export function splitTasks(tasks: number, strategies: readonly Record<string, unknown>[]): Map<string, number> {
  const split = new Map<string, number>();
  let rest = tasks;
  for (const s of strategies) {
    const base = Math.min(rest, num(s["base"]) ?? 0);
    if (base > 0) {
      split.set(String(s["capacityProvider"]), base);
      rest -= base;
    }
  }
  const weights = strategies.map((s) => num(s["weight"]) ?? 0);
  const total = weights.reduce((t, w) => t + w, 0);
  strategies.forEach((s, i) => {
    const share = total === 0 ? (i === 0 ? rest : 0) : (rest * weights[i]) / total;
    const provider = String(s["capacityProvider"]);
    split.set(provider, (split.get(provider) ?? 0) + share);
  });
  return split;
}

function ecsService(r: PlannedResource, p: Pricer): Priced {
  const taskDefinition = p.index
    .ofType("aws:ecs/taskDefinition:TaskDefinition", r.layer)
    .find((td) => p.index.references(r, td, /^taskDefinition$/));
  if (!taskDefinition) {
    return { status: "unpriced", notes: ["its task definition is not in the plan"] };
  }
  const cpuUnits = num(taskDefinition.inputs["cpu"]);
  const memoryMiB = num(taskDefinition.inputs["memory"]);
  if (cpuUnits === undefined || memoryMiB === undefined) {
    return { status: "unpriced", notes: [`task definition ${taskDefinition.name} sets no task-level cpu and memory (Fargate needs both)`] };
  }
  const vcpu = cpuUnits / 1024;
  const gb = memoryMiB / 1024;
  const notes: string[] = [`${vcpu} vCPU / ${gb} GB per task (${taskDefinition.name})`];
  let tasks = num(r.inputs["desiredCount"]) ?? 0;
  const serviceName = r.inputs["name"];
  const scaling = p.index
    .ofType("aws:appautoscaling/target:Target", r.layer)
    .find((t) => typeof serviceName === "string" && String(t.inputs["resourceId"]).endsWith(`/${serviceName}`));
  if (scaling) {
    const min = num(scaling.inputs["minCapacity"]) ?? 0;
    notes.push(`autoscaling ${min}-${num(scaling.inputs["maxCapacity"])} tasks; priced at max(desiredCount, min)`);
    tasks = Math.max(tasks, min);
  }
  let strategies = list(r.inputs["capacityProviderStrategies"]).map(obj);
  if (strategies.length === 0) {
    // The cluster's default strategy (ClusterCapacityProviders names the cluster, the service holds its ARN).
    const cluster = String(r.inputs["cluster"]);
    const clusterDefaults = p.index
      .ofType("aws:ecs/clusterCapacityProviders:ClusterCapacityProviders", r.layer)
      .find((c) => cluster === c.inputs["clusterName"] || cluster.endsWith(`/${String(c.inputs["clusterName"])}`));
    strategies = clusterDefaults ? list(clusterDefaults.inputs["defaultCapacityProviderStrategies"]).map(obj) : [{ capacityProvider: "FARGATE", weight: 1 }];
  }
  const split = splitTasks(tasks, strategies);
  const other = [...split.keys()].filter((k) => k !== "FARGATE" && k !== "FARGATE_SPOT");
  if (other.length > 0) {
    return { status: "unpriced", notes: [`capacity provider ${other.join(", ")} is not Fargate`] };
  }
  const spotTasks = split.get("FARGATE_SPOT") ?? 0;
  const onDemandTasks = split.get("FARGATE") ?? 0;
  notes.push(`${tasks} task${tasks === 1 ? "" : "s"}: ${spotTasks} on Fargate Spot, ${onDemandTasks} on demand`);
  const discount = p.a.spotDiscount;
  const spot = (key: PriceKey, onDemand: PriceKey): PriceKey | DerivedPrice =>
    discount === null ? key : { usd: p.usd(onDemand) * (1 - discount), label: `${onDemand} x (1 - spotDiscount ${discount})` };
  const hours = p.a.hoursPerMonth;
  const fargate = (label: string, count: number): CostItem[] => [
    p.item(`${label} vCPU`, count * vcpu * hours, "vCPU-hours", "fargateVcpuHour"),
    p.item(`${label} memory`, count * gb * hours, "GB-hours", "fargateGbHour"),
  ];
  const items = [
    ...(spotTasks > 0
      ? [
          p.item("Fargate Spot vCPU", spotTasks * vcpu * hours, "vCPU-hours", spot("fargateSpotVcpuHour", "fargateVcpuHour")),
          p.item("Fargate Spot memory", spotTasks * gb * hours, "GB-hours", spot("fargateSpotGbHour", "fargateGbHour")),
        ]
      : []),
    ...(onDemandTasks > 0 ? fargate("Fargate on-demand", onDemandTasks) : []),
  ];
  if (obj(taskDefinition.inputs["runtimePlatform"])["cpuArchitecture"] === "ARM64") {
    notes.push("ARM64 tasks priced at x86 rates (an upper bound)");
  }
  return { status: "priced", items, naiveItems: fargate("Fargate on-demand", tasks), notes };
}

function auroraCluster(r: PlannedResource, p: Pricer): Priced {
  const ioOptimized = r.inputs["storageType"] === "aurora-iopt1";
  const items = ioOptimized
    ? [p.item("storage (I/O-Optimized)", p.a.auroraStorageGb, "GB-months", "auroraIoOptimizedStorageGbMonth")]
    : [p.item("storage", p.a.auroraStorageGb, "GB-months", "auroraStorageGbMonth"), p.item("I/O requests", p.a.auroraIoMillionsPerMonth, "million requests", "auroraIoMillion")];
  items.push(p.item("backup storage beyond the free allowance", p.a.auroraBackupGb, "GB-months", "auroraBackupGbMonth"));
  const notes = ["compute is priced on its instances"];
  if (r.inputs["manageMasterUserPassword"] === true) {
    items.push(p.item("RDS-managed master user secret", 1, "secret-months", "secretsManagerSecretMonth"));
    notes.push("the master password secret RDS creates is billed by Secrets Manager");
  }
  return { status: "priced", items, notes };
}

/** The smallest provisioned class whose memory holds `acu` ACUs (1 ACU is about 2 GiB). */
export function provisionedClassFor(acu: number, book: PriceBook): string {
  const classes = Object.entries(book.auroraInstanceClasses).sort((x, y) => x[1].memoryGiB - y[1].memoryGiB);
  const fit = classes.find(([, c]) => c.memoryGiB >= acu * 2);
  return (fit ?? classes[classes.length - 1])[0];
}

function auroraInstance(r: PlannedResource, p: Pricer): Priced {
  const instanceClass = String(r.inputs["instanceClass"]);
  const hours = p.a.hoursPerMonth;
  if (instanceClass !== "db.serverless") {
    const known = p.book.auroraInstanceClasses[instanceClass];
    if (!known) {
      return { status: "unpriced", notes: [`instance class ${instanceClass} is not in the price file`] };
    }
    return { status: "priced", items: [p.item(`${instanceClass} instance`, hours, "hours", { usd: known.usd, label: `auroraInstanceClasses.${instanceClass}` })] };
  }
  const cluster = p.index.ofType("aws:rds/cluster:Cluster", r.layer).find((c) => p.index.references(r, c, /^clusterIdentifier$/));
  const scaling = obj(cluster?.inputs["serverlessv2ScalingConfiguration"]);
  const min = num(scaling["minCapacity"]);
  const max = num(scaling["maxCapacity"]);
  if (min === undefined || max === undefined) {
    return { status: "unpriced", notes: ["its cluster's serverlessv2ScalingConfiguration is not in the plan"] };
  }
  const average = min + p.a.auroraAcuUtilization * (max - min);
  const naiveClass = provisionedClassFor(max, p.book);
  const naive = p.book.auroraInstanceClasses[naiveClass];
  return {
    status: "priced",
    items: [p.item(`Serverless v2 at ${round2(average)} ACU average (${min}-${max})`, average * hours, "ACU-hours", "auroraServerlessV2AcuHour")],
    naiveItems: [p.item(`provisioned ${naiveClass} (${naive.memoryGiB} GiB for ${max} ACU)`, hours, "hours", { usd: naive.usd, label: `auroraInstanceClasses.${naiveClass}` })],
    notes: [`naive design: provisioned ${naiveClass}, sized for the max ${max} ACU`],
  };
}

function logGroup(r: PlannedResource, p: Pricer): Priced {
  const retention = num(r.inputs["retentionInDays"]) ?? 0;
  const notes: string[] = [];
  // Steady state: a month's ingestion is kept for retention/30 months; "never expire" grows for ever, a year shown.
  const months = retention > 0 ? retention / 30 : 12;
  if (retention <= 0) {
    notes.push("no retention: a year of storage shown, and it keeps growing");
  }
  return {
    status: "priced",
    items: [
      p.item("ingestion", p.a.logIngestGbPerGroup, "GB", "logsIngestGb"),
      p.item(`storage (${retention > 0 ? `${retention} days` : "never expires"})`, p.a.logIngestGbPerGroup * months, "GB-months", "logsStorageGbMonth"),
    ],
    notes,
  };
}

function kinesisStream(r: PlannedResource, p: Pricer): Priced {
  const mode = String(obj(r.inputs["streamModeDetails"])["streamMode"] ?? "PROVISIONED");
  const retentionHours = num(r.inputs["retentionPeriod"]) ?? 24;
  const extraHours = Math.max(0, retentionHours - 24);
  const ingest = p.a.kinesisIngestGbPerMonth;
  if (mode === "ON_DEMAND") {
    return {
      status: "priced",
      items: [
        p.hours("on-demand stream", 1, "kinesisOnDemandStreamHour"),
        p.item("data written", ingest, "GB", "kinesisOnDemandIngestGb"),
        p.item("data read", p.a.kinesisRetrievalGbPerMonth, "GB", "kinesisOnDemandRetrievalGb"),
        p.item(`retention beyond 24 h (${retentionHours} h)`, (ingest * extraHours) / p.a.hoursPerMonth, "GB-months", "kinesisOnDemandExtendedRetentionGbMonth"),
      ],
    };
  }
  const shards = num(r.inputs["shardCount"]) ?? 1;
  // A PUT payload unit is 25 KB.
  const putUnitsMillions = (ingest * 1024 * 1024) / 25 / 1e6;
  return {
    status: "priced",
    items: [
      p.hours(`${shards} shard${shards === 1 ? "" : "s"}`, shards, "kinesisShardHour"),
      p.item("PUT payload units", putUnitsMillions, "million units", "kinesisPutUnitsMillion"),
      ...(extraHours > 0 ? [p.hours(`retention beyond 24 h (${retentionHours} h)`, shards, "kinesisExtendedRetentionShardHour")] : []),
    ],
  };
}

function loadBalancer(r: PlannedResource, p: Pricer): Priced {
  const kind = String(r.inputs["loadBalancerType"] ?? "application");
  if (kind !== "application") {
    return { status: "unpriced", notes: [`${kind} load balancers are not in the price file`] };
  }
  const items = [p.hours("load balancer", 1, "albHour"), p.item("capacity units", p.a.albAverageLcu * p.a.hoursPerMonth, "LCU-hours", "albLcuHour")];
  if (r.inputs["internal"] !== true) {
    const addresses = list(r.inputs["subnets"]).length + list(r.inputs["subnetMappings"]).length;
    items.push(p.hours(`${addresses} public IPv4 address${addresses === 1 ? "" : "es"} (one per AZ)`, addresses, "publicIpv4Hour"));
  }
  return { status: "priced", items };
}

const GLACIER_PRICES: Readonly<Record<string, PriceKey>> = {
  GLACIER: "s3GlacierFlexibleGbMonth",
  GLACIER_IR: "s3GlacierInstantGbMonth",
  DEEP_ARCHIVE: "s3DeepArchiveGbMonth",
};

function bucket(r: PlannedResource, p: Pricer): Priced {
  const items = [
    p.item("S3 Standard storage", p.a.s3StandardGbPerBucket, "GB-months", "s3StandardGbMonth"),
    p.item("PUT/COPY/POST/LIST requests", p.a.s3PutRequestsPerBucket / 1000, "thousand requests", "s3Put1k"),
    p.item("GET requests", p.a.s3GetRequestsPerBucket / 1000, "thousand requests", "s3Get1k"),
  ];
  const notes: string[] = [];
  const classes = p.index
    .ofType("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", r.layer)
    .filter((l) => p.index.references(l, r, /^bucket$/))
    .flatMap((l) => list(l.inputs["rules"]).flatMap((rule) => list(obj(rule)["transitions"]).map((t) => String(obj(t)["storageClass"]))));
  const target = [...new Set(classes)][0];
  if (target !== undefined) {
    const key = GLACIER_PRICES[target];
    if (key) {
      items.push(p.item(`${target} storage after the lifecycle transition`, p.a.s3GlacierGbPerBucket, "GB-months", key));
    } else {
      notes.push(`lifecycle storage class ${target} is not in the price file: transitioned objects are not priced`);
    }
  }
  return { status: "priced", items, notes };
}

function ecsCluster(r: PlannedResource, p: Pricer): Priced {
  const insights = list(r.inputs["settings"]).map(obj).find((s) => s["name"] === "containerInsights");
  if (!insights || insights["value"] === "disabled") {
    return { status: "free", notes: ["no charge for an ECS cluster without Container Insights"] };
  }
  return { status: "priced", items: [p.item(`Container Insights (${insights["value"]}) performance logs`, p.a.containerInsightsGbPerCluster, "GB", "logsIngestGb")] };
}

function scalingPolicy(r: PlannedResource, p: Pricer): Priced {
  if (r.inputs["policyType"] !== "TargetTrackingScaling") {
    return { status: "free", notes: ["step scaling policies use alarms declared separately"] };
  }
  return { status: "priced", items: [p.item("alarms created by target tracking (high and low)", 2, "alarm-months", "cloudwatchAlarmMonth")] };
}

const PRICERS: Readonly<Record<string, TypePricer>> = {
  "aws:ec2/vpcEndpoint:VpcEndpoint": vpcEndpoint,
  "aws:ec2/natGateway:NatGateway": (_r, p) => ({
    status: "priced",
    items: [p.hours("NAT gateway", 1, "natGatewayHour")],
    notes: ["data processing not estimated for a NAT gateway in the design"],
  }),
  "aws:ec2/eip:Eip": (_r, p) => ({ status: "priced", items: [p.hours("public IPv4 address", 1, "publicIpv4Hour")] }),
  "aws:ecs/service:Service": ecsService,
  "aws:ecs/cluster:Cluster": ecsCluster,
  "aws:rds/cluster:Cluster": auroraCluster,
  "aws:rds/clusterInstance:ClusterInstance": auroraInstance,
  "aws:kms/key:Key": (_r, p) => ({
    status: "priced",
    items: [p.item("customer managed key", 1, "key-months", "kmsKeyMonth"), p.item("API requests", p.a.kmsRequestsPerKey / 10000, "10k requests", "kmsRequests10k")],
  }),
  "aws:cloudwatch/logGroup:LogGroup": logGroup,
  "aws:cloudwatch/metricAlarm:MetricAlarm": (_r, p) => ({ status: "priced", items: [p.item("metric alarm", 1, "alarm-months", "cloudwatchAlarmMonth")] }),
  "aws:appautoscaling/policy:Policy": scalingPolicy,
  "aws:kinesis/stream:Stream": kinesisStream,
  "aws:lb/loadBalancer:LoadBalancer": loadBalancer,
  "aws:s3/bucket:Bucket": bucket,
  "aws:backup/vault:Vault": (_r, p) => ({ status: "priced", items: [p.item("recovery points", p.a.backupVaultGb, "GB-months", "backupWarmGbMonth")] }),
  "aws:secretsmanager/secret:Secret": (_r, p) => ({
    status: "priced",
    items: [p.item("secret", 1, "secret-months", "secretsManagerSecretMonth"), p.item("API calls", p.a.secretsApiCallsPerSecret / 10000, "10k calls", "secretsManagerApi10k")],
  }),
  "aws:ecr/repository:Repository": (_r, p) => ({ status: "priced", items: [p.item("image storage", p.a.ecrStorageGbPerRepository, "GB-months", "ecrStorageGbMonth")] }),
};

/** Resource types the estimator has a formula for. */
export const PRICED_TYPES: readonly string[] = Object.keys(PRICERS);

/**
 * The naive design's NAT gateways (each with its public IPv4 address): one per AZ of the private
 * subnets, or one for an ephemeral environment (NAIVE_NAT_GATEWAYS), processing what the interface
 * endpoints carry. It keeps the S3 gateway endpoint, free, as a normal NAT design does, so S3
 * traffic costs nothing in either design.
 */
function naiveNat(index: ResourceIndex, p: Pricer, profile: Profile): ResourceCost[] {
  const publicSubnets = index.publicSubnets();
  const privateSubnets = index.ofType("aws:ec2/subnet:Subnet").filter((s) => !publicSubnets.has(s));
  const azs = [...new Set(privateSubnets.map((s) => String(s.inputs["availabilityZone"] ?? s.inputs["availabilityZoneId"] ?? s.name)))].sort();
  if (azs.length === 0) {
    return [];
  }
  const interfaces = index.ofType("aws:ec2/vpcEndpoint:VpcEndpoint").filter((e) => e.inputs["vpcEndpointType"] === "Interface").length;
  const gb = interfaces * p.a.interfaceEndpointGbPerMonth;
  const natAzs = NAIVE_NAT_GATEWAYS[profile] === "per-az" ? azs : azs.slice(0, 1);
  const line = (name: string, naiveItems: CostItem[], notes: string[]): ResourceCost => ({
    layer: "network",
    name,
    type: "aws:ec2/natGateway:NatGateway",
    status: "priced",
    monthlyUsd: 0,
    naiveMonthlyUsd: sum(naiveItems),
    service: SHARED,
    items: [],
    naiveItems,
    notes,
    naiveOnly: true,
  });
  return [
    ...natAzs.map((az) =>
      line(`nat-gateway-${az}`, [p.hours("NAT gateway", 1, "natGatewayHour"), p.hours("public IPv4 address", 1, "publicIpv4Hour")], [
        `naive design only: NAT gateway in ${az}${natAzs.length < azs.length ? ` serving all ${azs.length} AZs (${profile} profile)` : ""}`,
      ]),
    ),
    line("nat-gateway-data-processing", [p.item("data processed", gb, "GB", "natGatewayGb")], [
      `naive design only: ${interfaces} endpoint${interfaces === 1 ? "" : "s"} x ${p.a.interfaceEndpointGbPerMonth} GB; S3 traffic stays on the free gateway endpoint`,
    ]),
  ];
}

export interface EstimateOptions {
  /**
   * The profile to price the naive design with, instead of the plans' tag: a shared network host
   * (issue 18) is priced with the profile of the environments it serves, whatever its own layers say.
   */
  readonly profile?: Profile;
}

/** Prices every AWS resource of the environment's plans, against the naive design. */
export function estimate(env: Environment, book: PriceBook, assumptions: Assumptions, options: EstimateOptions = {}): CostReport {
  const index = new ResourceIndex(env);
  const pricer = new Pricer(index, book, assumptions);
  const profile = options.profile ?? environmentProfile(env);
  // A scaling policy takes no tags (aws.appautoscaling.Policy has no `tags` input): it belongs to the
  // service its resourceId (`service/<cluster>/<ECS service name>`) scales.
  const byEcsName = new Map(index.ofType("aws:ecs/service:Service").map((svc) => [String(svc.inputs["name"]), serviceOf(svc)]));
  const owner = (r: PlannedResource): string =>
    r.type === "aws:appautoscaling/policy:Policy" ? (byEcsName.get(String(r.inputs["resourceId"]).split("/").pop() as string) ?? SHARED) : serviceOf(r);
  const resources: ResourceCost[] = index.all
    .filter((r) => r.type.startsWith("aws:"))
    .map((r) => {
      const formula = PRICERS[r.type];
      const free = book.freeTypes[r.type];
      const priced: Priced = formula ? formula(r, pricer) : free ? { status: "free", notes: [free] } : { status: "unpriced", notes: ["no price for this resource type"] };
      const items = priced.items ?? [];
      const naiveItems = priced.naiveItems ?? items;
      return {
        layer: r.layer,
        service: owner(r),
        name: r.name,
        type: r.type,
        status: priced.status,
        monthlyUsd: sum(items),
        naiveMonthlyUsd: sum(naiveItems),
        items,
        naiveItems,
        notes: priced.notes ?? [],
      };
    });
  resources.push(...naiveNat(index, pricer, profile));
  const layers: LayerCost[] = LAYERS.map((layer) => {
    const own = resources.filter((r) => r.layer === layer);
    const count = (status: CostStatus) => own.filter((r) => r.status === status && !r.naiveOnly).length;
    return {
      layer,
      monthlyUsd: sum(own),
      naiveMonthlyUsd: round2(own.reduce((t, r) => t + r.naiveMonthlyUsd, 0)),
      priced: count("priced"),
      free: count("free"),
      unpriced: count("unpriced"),
    };
  });
  const names = [...new Set(resources.map((r) => r.service).filter((n) => n !== SHARED))].sort();
  const services: ServiceCost[] = [...names, SHARED].map((service) => {
    const own = resources.filter((r) => r.service === service);
    return { service, monthlyUsd: sum(own), naiveMonthlyUsd: round2(own.reduce((t, r) => t + r.naiveMonthlyUsd, 0)), resources: own.length };
  });
  const total = sum(layers);
  const naiveTotal = round2(layers.reduce((t, l) => t + l.naiveMonthlyUsd, 0));
  const saving = round2(naiveTotal - total);
  return {
    stack: env.stack,
    profile,
    region: book.region,
    priceVersion: book.version,
    resources,
    layers,
    services,
    totalMonthlyUsd: total,
    naiveTotalMonthlyUsd: naiveTotal,
    savingUsd: saving,
    savingPercent: naiveTotal === 0 ? 0 : round1((saving / naiveTotal) * 100),
    unpriced: resources.filter((r) => r.status === "unpriced").map((r) => ({ layer: r.layer, name: r.name, type: r.type, reason: r.notes.join("; ") })),
  };
}
