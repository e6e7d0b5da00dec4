import type { Profile } from "@fin/config";
import type { Environment } from "@fin/plan";
import { estimate, provisionedClassFor, round2, type CostReport, type ResourceCost } from "./cost";
import type { Assumptions, PriceBook } from "./data";
import { ResourceIndex } from "./graph";

/**
 * The idle scenario: no traffic and minimum capacity. Every traffic quantity is 0 and Aurora sits at
 * its minimum ACU (0 with auto-pause: a paused instance bills no ACUs,
 * https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-serverless-v2-auto-pause.html);
 * tasks run at the autoscaling floor. Data at rest stays: storage, backups, images.
 */
export const IDLE_ASSUMPTIONS: Readonly<Partial<Assumptions>> = {
  interfaceEndpointGbPerMonth: 0,
  s3GatewayGbPerMonth: 0,
  auroraAcuUtilization: 0,
  auroraIoMillionsPerMonth: 0,
  s3PutRequestsPerBucket: 0,
  s3GetRequestsPerBucket: 0,
  logIngestGbPerGroup: 0,
  kinesisIngestGbPerMonth: 0,
  kinesisRetrievalGbPerMonth: 0,
  albAverageLcu: 0,
  kmsRequestsPerKey: 0,
  secretsApiCallsPerSecret: 0,
  containerInsightsGbPerCluster: 0,
};

export type Scenario = "idle" | "load";

/** The customer's goals (issue 18), each against the naive design of the same shape. */
export interface CostGoal {
  readonly id: string;
  readonly description: string;
  readonly scenario: Scenario;
  readonly minSavingPercent: number;
  /** Which environments the goal is about. */
  readonly appliesTo: { readonly profile?: Profile; readonly stack?: string };
}

export const COST_GOALS: readonly CostGoal[] = [
  { id: "ephemeral-idle", description: "an idle ephemeral environment at least 60% cheaper", scenario: "idle", minSavingPercent: 60, appliesTo: { profile: "ephemeral" } },
  { id: "dev-load", description: "dev at the assumed load at least 30% cheaper", scenario: "load", minSavingPercent: 30, appliesTo: { stack: "dev" } },
];

export interface Totals {
  readonly designUsd: number;
  readonly naiveUsd: number;
  readonly savingUsd: number;
  readonly savingPercent: number;
}

/** Where the difference between the designs comes from: the three choices the design makes. */
export interface Driver {
  readonly driver: string;
  readonly idle: Totals;
  readonly load: Totals;
}

export interface GoalResult {
  readonly id: string;
  readonly description: string;
  readonly scenario: Scenario;
  readonly minSavingPercent: number;
  readonly savingPercent: number;
  readonly met: boolean;
}

/** Interface endpoints against NAT gateways: fixed monthly costs and per-GB rates. */
export interface EndpointBreakEven {
  readonly interfaceEndpoints: number;
  readonly endpointFixedUsd: number;
  readonly natGateways: number;
  readonly natFixedUsd: number;
  readonly endpointUsdPerGb: number;
  readonly natUsdPerGb: number;
  /** Above this much traffic a month through the endpoints, they cost less than NAT; 0: always. */
  readonly breakEvenGbPerMonth: number;
  readonly assumedGbPerMonth: number;
}

/** A Serverless v2 instance against the provisioned class the naive design sizes for its max ACU. */
export interface AcuBreakEven {
  readonly instance: string;
  readonly minAcu: number;
  readonly maxAcu: number;
  readonly provisionedClass: string;
  readonly provisionedUsdPerHour: number;
  readonly acuUsdPerHour: number;
  /** Below this average ACU, Serverless v2 costs less than the provisioned class. */
  readonly breakEvenAverageAcu: number;
  readonly assumedAverageAcu: number;
}

/** One catalog service (or the shared resources), idle and at the assumed load. */
export interface ServiceTotals {
  readonly service: string;
  readonly idle: Totals;
  readonly load: Totals;
}

/** One count of environments open at once: this environment plus 1/k of the shared network host. */
export interface HostShare {
  readonly environments: number;
  readonly idle: Totals;
  readonly load: Totals;
}

/** A goal judged on "this environment + 1/k of the host": the fewest environments open at once that meet it. */
export interface SharedGoal {
  readonly id: string;
  readonly scenario: Scenario;
  readonly minSavingPercent: number;
  /** null: not met with any count up to MAX_SHARING_ENVIRONMENTS. */
  readonly metFromEnvironments: number | null;
}

/** The shared network an environment's network layer is a guest of (issue 18, ADR 0019). */
export interface SharedNetworkSummary {
  /** The host stack (pr-shared). */
  readonly host: string;
  /** The host's own plans (security and network), priced with this environment's profile. */
  readonly idle: Totals;
  readonly load: Totals;
  readonly shares: readonly HostShare[];
  readonly goals: readonly SharedGoal[];
}

export interface EnvironmentSummary {
  readonly stack: string;
  readonly profile: Profile;
  readonly idle: Totals;
  readonly load: Totals;
  /** Per catalog service, then `shared`; the rows add up to idle and load (to the cent, before rounding). */
  readonly services: readonly ServiceTotals[];
  readonly drivers: readonly Driver[];
  readonly endpointsVsNat: EndpointBreakEven;
  readonly serverlessVsProvisioned: readonly AcuBreakEven[];
  /** Judged on the environment's own cost; `sharedNetwork.goals` judges them with its share of the host. */
  readonly goals: readonly GoalResult[];
  /** Present when the network layer is a guest of a shared host; its figures are not in idle/load. */
  readonly sharedNetwork?: SharedNetworkSummary;
}

/** The counts of environments open at once the report shows the host's share for (besides each goal's break-even count). */
export const SHARE_COUNTS: readonly number[] = [1, 2, 3, 5, 10];

/** The break-even search stops here: a goal not met by this many environments sharing one host is reported as never met. */
export const MAX_SHARING_ENVIRONMENTS = 100;

const round1 = (n: number): number => Math.round((n + Math.sign(n) * 1e-9) * 10) / 10;
const percent = (saving: number, naive: number): number => (naive === 0 ? 0 : round1((saving / naive) * 100));

function totals(design: number, naive: number): Totals {
  const saving = round2(naive - design);
  return { designUsd: round2(design), naiveUsd: round2(naive), savingUsd: saving, savingPercent: percent(saving, naive) };
}

const of = (report: CostReport): Totals => totals(report.totalMonthlyUsd, report.naiveTotalMonthlyUsd);

const DRIVERS: readonly { driver: string; matches: (r: ResourceCost) => boolean }[] = [
  { driver: "interface endpoints vs NAT gateways", matches: (r) => r.type === "aws:ec2/vpcEndpoint:VpcEndpoint" || r.naiveOnly === true },
  { driver: "Fargate Spot vs on demand", matches: (r) => r.type === "aws:ecs/service:Service" },
  { driver: "Aurora Serverless v2 vs provisioned", matches: (r) => r.type === "aws:rds/clusterInstance:ClusterInstance" },
];

function driverTotals(report: CostReport, matches: (r: ResourceCost) => boolean): Totals {
  const own = report.resources.filter(matches);
  return totals(
    own.reduce((t, r) => t + r.monthlyUsd, 0),
    own.reduce((t, r) => t + r.naiveMonthlyUsd, 0),
  );
}

function endpointsVsNat(load: CostReport, book: PriceBook, a: Assumptions): EndpointBreakEven {
  const endpoints = load.resources.filter((r) => r.type === "aws:ec2/vpcEndpoint:VpcEndpoint" && r.status === "priced");
  const endpointFixed = round2(endpoints.reduce((t, r) => t + r.items[0].monthlyUsd, 0));
  const nats = load.resources.filter((r) => r.naiveOnly && r.name !== "nat-gateway-data-processing");
  const natFixed = round2(nats.reduce((t, r) => t + r.naiveMonthlyUsd, 0));
  const endpointUsdPerGb = book.prices.vpcInterfaceEndpointGb.usd;
  const natUsdPerGb = book.prices.natGatewayGb.usd;
  return {
    interfaceEndpoints: endpoints.length,
    endpointFixedUsd: endpointFixed,
    natGateways: nats.length,
    natFixedUsd: natFixed,
    endpointUsdPerGb,
    natUsdPerGb,
    breakEvenGbPerMonth: Math.max(0, Math.ceil((endpointFixed - natFixed) / (natUsdPerGb - endpointUsdPerGb))),
    assumedGbPerMonth: endpoints.length * a.interfaceEndpointGbPerMonth,
  };
}

function serverlessVsProvisioned(env: Environment, book: PriceBook, a: Assumptions): AcuBreakEven[] {
  const index = new ResourceIndex(env);
  const acuUsd = book.prices.auroraServerlessV2AcuHour.usd;
  return index
    .ofType("aws:rds/clusterInstance:ClusterInstance")
    .filter((i) => i.inputs["instanceClass"] === "db.serverless")
    .flatMap((instance) => {
      const cluster = index.ofType("aws:rds/cluster:Cluster", instance.layer).find((c) => index.references(instance, c, /^clusterIdentifier$/));
      const scaling = (cluster?.inputs["serverlessv2ScalingConfiguration"] ?? {}) as Record<string, unknown>;
      const min = Number(scaling["minCapacity"]);
      const max = Number(scaling["maxCapacity"]);
      if (!Number.isFinite(min) || !Number.isFinite(max)) {
        return [];
      }
      const provisionedClass = provisionedClassFor(max, book);
      const provisionedUsd = book.auroraInstanceClasses[provisionedClass].usd;
      return [
        {
          instance: instance.name,
          minAcu: min,
          maxAcu: max,
          provisionedClass,
          provisionedUsdPerHour: provisionedUsd,
          acuUsdPerHour: acuUsd,
          breakEvenAverageAcu: round2(provisionedUsd / acuUsd),
          assumedAverageAcu: round2(min + a.auroraAcuUtilization * (max - min)),
        },
      ];
    });
}

/** The goals that apply to this environment, met or not, with the figures they are judged on. */
export function goalResults(stack: string, profile: Profile, idle: Totals, load: Totals, goals: readonly CostGoal[] = COST_GOALS): GoalResult[] {
  return goals
    .filter((g) => (g.appliesTo.profile === undefined || g.appliesTo.profile === profile) && (g.appliesTo.stack === undefined || g.appliesTo.stack === stack))
    .map((g) => {
      const savingPercent = (g.scenario === "idle" ? idle : load).savingPercent;
      return { id: g.id, description: g.description, scenario: g.scenario, minSavingPercent: g.minSavingPercent, savingPercent, met: savingPercent >= g.minSavingPercent };
    });
}

/** This environment plus 1/k of the host, in both designs (the naive design shares its NAT gateway the same way). */
export function hostShare(environments: number, own: { idle: CostReport; load: CostReport }, host: { idle: CostReport; load: CostReport }): HostShare {
  const share = (e: CostReport, h: CostReport): Totals => totals(e.totalMonthlyUsd + h.totalMonthlyUsd / environments, e.naiveTotalMonthlyUsd + h.naiveTotalMonthlyUsd / environments);
  return { environments, idle: share(own.idle, host.idle), load: share(own.load, host.load) };
}

/**
 * The host's figures, the share per count of environments open at once, and for each goal that
 * applies the fewest environments with which "environment + 1/k of the host" meets it.
 */
export function sharedNetworkSummary(own: { idle: CostReport; load: CostReport }, host: { idle: CostReport; load: CostReport }, goals: readonly GoalResult[]): SharedNetworkSummary {
  const counts = Array.from({ length: MAX_SHARING_ENVIRONMENTS }, (_, i) => hostShare(i + 1, own, host));
  const shared: SharedGoal[] = goals.map((g) => ({
    id: g.id,
    scenario: g.scenario,
    minSavingPercent: g.minSavingPercent,
    metFromEnvironments: counts.find((c) => c[g.scenario].savingPercent >= g.minSavingPercent)?.environments ?? null,
  }));
  const shown = [...new Set([...SHARE_COUNTS, ...shared.flatMap((g) => (g.metFromEnvironments === null ? [] : [g.metFromEnvironments]))])].sort((a, b) => a - b);
  return { host: host.load.stack, idle: of(host.idle), load: of(host.load), shares: shown.map((k) => counts[k - 1]), goals: shared };
}

/**
 * The report at the assumed load and idle, the drivers of the difference, the break-even points and
 * the goals. `host`: the shared network host's plans when the environment's network is a guest
 * (networkHost); it is priced apart, with the environment's profile, and its endpoints give the
 * endpoints-vs-NAT break-even point.
 */
export function summarize(
  env: Environment,
  book: PriceBook,
  assumptions: Assumptions,
  host?: Environment,
): { load: CostReport; idle: CostReport; summary: EnvironmentSummary; host?: { load: CostReport; idle: CostReport } } {
  const load = estimate(env, book, assumptions);
  const idle = estimate(env, book, { ...assumptions, ...IDLE_ASSUMPTIONS });
  const idleTotals = of(idle);
  const loadTotals = of(load);
  const hosted = host && {
    load: estimate(host, book, assumptions, { profile: load.profile }),
    idle: estimate(host, book, { ...assumptions, ...IDLE_ASSUMPTIONS }, { profile: load.profile }),
  };
  const goals = goalResults(load.stack, load.profile, idleTotals, loadTotals);
  return {
    load,
    idle,
    ...(hosted ? { host: hosted } : {}),
    summary: {
      stack: load.stack,
      profile: load.profile,
      idle: idleTotals,
      load: loadTotals,
      // Both estimates price the same plans, so their service rows come in the same order.
      services: load.services.map((l, n) => ({
        service: l.service,
        idle: totals(idle.services[n].monthlyUsd, idle.services[n].naiveMonthlyUsd),
        load: totals(l.monthlyUsd, l.naiveMonthlyUsd),
      })),
      drivers: [
        ...DRIVERS.map((d) => ({ driver: d.driver, idle: driverTotals(idle, d.matches), load: driverTotals(load, d.matches) })),
        {
          driver: "everything else (the same in both designs)",
          idle: driverTotals(idle, (r) => !DRIVERS.some((d) => d.matches(r))),
          load: driverTotals(load, (r) => !DRIVERS.some((d) => d.matches(r))),
        },
      ],
      endpointsVsNat: endpointsVsNat(hosted?.load ?? load, book, assumptions),
      serverlessVsProvisioned: serverlessVsProvisioned(env, book, assumptions),
      goals,
      ...(hosted ? { sharedNetwork: sharedNetworkSummary({ idle, load }, hosted, goals) } : {}),
    },
  };
}
