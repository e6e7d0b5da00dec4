import * as path from "node:path";
import type { Environment } from "@fin/plan";
import { NegativeQuantityError, environmentProfile, estimate } from "../src/cost";
import { loadAssumptions, loadPriceBook } from "../src/data";
import { COST_TABLE_HEADER, costMarkdown, costTableRow, standing, summaryMarkdown } from "../src/render";
import { COST_GOALS, IDLE_ASSUMPTIONS, goalResults, summarize, type EnvironmentSummary } from "../src/summary";
import { DATA_DIR, environmentOf, fixture, type Fixture, type FixtureResource } from "./fixtures";

const book = loadPriceBook(path.join(DATA_DIR, "prices-us-east-2.json"), "us-east-2");
const defaults = loadAssumptions(path.join(DATA_DIR, "assumptions.json")).values;

/** The fixture environment with its providers tagged as @fin/config defaultTags does (tags: object or JSON string). */
function tagged(env: Environment, tags: unknown, layers: readonly string[] = ["data", "compute"]): Environment {
  return {
    ...env,
    layers: env.layers.map((l) =>
      !layers.includes(l.layer)
        ? l
        : {
            ...l,
            plan: {
              ...l.plan,
              steps: l.plan.steps.map((s) =>
                s.newState?.type === "pulumi:providers:aws" ? { ...s, newState: { ...s.newState, inputs: { ...s.newState.inputs, defaultTags: tags } } } : s,
              ),
            },
          },
    ),
  };
}
const ephemeral = (f: Fixture = fixture()) => tagged(environmentOf(f), JSON.stringify({ tags: { environment: "pr-1", "environment-profile": "ephemeral" } }));

describe("the idle scenario", () => {
  it("sets every traffic quantity to 0 and Aurora to its minimum, and keeps data at rest", () => {
    expect(IDLE_ASSUMPTIONS).toEqual({
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
    });
    expect(Object.keys(IDLE_ASSUMPTIONS)).not.toEqual(expect.arrayContaining(["auroraStorageGb", "s3StandardGbPerBucket", "backupVaultGb", "ecrStorageGbPerRepository"]));
  });
});

describe("summarize: the fixture environment (production), idle and at the assumed load", () => {
  const { summary, idle, load } = summarize(environmentOf(fixture()), book, defaults);

  it("totals both scenarios against the naive design of the same shape", () => {
    expect([summary.stack, summary.profile, load.totalMonthlyUsd]).toEqual(["dev", "production", 710.67]);
    expect(summary.load).toEqual({ designUsd: 710.67, naiveUsd: 1132.96, savingUsd: 422.29, savingPercent: 37.3 });
    // Idle: Aurora at 0.5 ACU x 2 instances x 730 h x $0.12 = $87.60 against two db.r6g.xlarge.
    expect(summary.idle).toEqual({ designUsd: 278.8, naiveUsd: 1108.25, savingUsd: 829.45, savingPercent: 74.8 });
    expect(idle.resources.filter((r) => r.type === "aws:rds/clusterInstance:ClusterInstance").map((r) => r.monthlyUsd)).toEqual([43.8, 43.8]);
  });

  it("splits the difference into the three choices of the design and the rest", () => {
    expect(summary.drivers.map((d) => [d.driver, d.idle.savingUsd, d.load.designUsd, d.load.naiveUsd, d.load.savingUsd])).toEqual([
      ["interface endpoints vs NAT gateways", 58.4, 14.65, 73.23, 58.58],
      ["Fargate Spot vs on demand", 100.91, 115.33, 216.24, 100.91],
      ["Aurora Serverless v2 vs provisioned", 670.14, 494.94, 757.74, 262.8],
      ["everything else (the same in both designs)", 0, 85.75, 85.75, 0],
    ]);
  });

  it("finds the break-even points: the endpoints are cheaper at any traffic here; Serverless v2 below 4.33 ACU on average", () => {
    expect(summary.endpointsVsNat).toEqual({
      interfaceEndpoints: 1,
      endpointFixedUsd: 14.6,
      natGateways: 2,
      natFixedUsd: 73,
      endpointUsdPerGb: 0.01,
      natUsdPerGb: 0.045,
      breakEvenGbPerMonth: 0,
      assumedGbPerMonth: 5,
    });
    // 0.5-16 ACU: the naive class holds 32 GiB (db.r6g.xlarge, $0.519/h) = 4.325 ACU-hours at $0.12; 0.5 + 0.15 x 15.5 = 2.825.
    expect(summary.serverlessVsProvisioned).toEqual(
      ["platform-writer", "platform-reader"].map((instance) => ({
        instance,
        minAcu: 0.5,
        maxAcu: 16,
        provisionedClass: "db.r6g.xlarge",
        provisionedUsdPerHour: 0.519,
        acuUsdPerHour: 0.12,
        breakEvenAverageAcu: 4.33,
        assumedAverageAcu: 2.83,
      })),
    );
  });

  it("judges dev against the 30% goal at the assumed load", () => {
    expect(summary.goals).toEqual([{ id: "dev-load", description: "dev at the assumed load at least 30% cheaper", scenario: "load", minSavingPercent: 30, savingPercent: 37.3, met: true }]);
  });
});

describe("summarize: the fixture as an ephemeral environment", () => {
  const { summary, load } = summarize(ephemeral(), book, defaults);

  it("reads the profile from the providers' tag and gives the naive design one NAT gateway", () => {
    expect(summary.profile).toBe("ephemeral");
    expect(load.resources.filter((r) => r.naiveOnly).map((r) => [r.name, r.naiveMonthlyUsd, r.notes[0]])).toEqual([
      ["nat-gateway-us-east-2a", 36.5, "naive design only: NAT gateway in us-east-2a serving all 2 AZs (ephemeral profile)"],
      ["nat-gateway-data-processing", 0.23, "naive design only: 1 endpoint x 5 GB; S3 traffic stays on the free gateway endpoint"],
    ]);
  });

  it("finds where ten endpoints in two AZs beat one NAT gateway: (146 - 36.50) / (0.045 - 0.01) = 3,129 GB", () => {
    const f = fixture();
    const endpoints: FixtureResource[] = Array.from({ length: 10 }, (_, i) => [
      "aws:ec2/vpcEndpoint:VpcEndpoint",
      `platform-e${i}`,
      `vpce-1${i}`,
      { vpcEndpointType: "Interface", subnetIds: ["subnet-1000000000000000a", "subnet-1000000000000000b"] },
    ]);
    f.network.resources = [...f.network.resources.filter(([type]) => type !== "aws:ec2/vpcEndpoint:VpcEndpoint"), ...endpoints];
    expect(summarize(ephemeral(f), book, defaults).summary.endpointsVsNat).toMatchObject({ interfaceEndpoints: 10, endpointFixedUsd: 146, natGateways: 1, natFixedUsd: 36.5, breakEvenGbPerMonth: 3129, assumedGbPerMonth: 50 });
  });

  it("judges it against the 60% idle goal (and, its stack being named dev, the dev goal too)", () => {
    expect(summary.goals.map((g) => [g.id, g.scenario, g.minSavingPercent, g.savingPercent, g.met])).toEqual([
      ["ephemeral-idle", "idle", 60, 74, true],
      ["dev-load", "load", 30, 35.2, true],
    ]);
  });
});

describe("environmentProfile", () => {
  it("accepts tags as an object, ignores production tags, broken JSON and unknown names, and defaults to production", () => {
    const env = environmentOf(fixture());
    expect(environmentProfile(tagged(env, { tags: { "environment-profile": "ephemeral" } }))).toBe("ephemeral");
    expect(environmentProfile(tagged(env, { tags: { "environment-profile": "production" } }))).toBe("production");
    expect(environmentProfile(tagged(env, "{not json"))).toBe("production");
    expect(environmentProfile(tagged(env, { tags: { "environment-profile": "cheap" } }))).toBe("production");
    expect(environmentProfile(tagged(env, undefined))).toBe("production");
  });
});

describe("goals", () => {
  it("are the issue's two targets", () => {
    expect(COST_GOALS.map((g) => [g.id, g.scenario, g.minSavingPercent, g.appliesTo])).toEqual([
      ["ephemeral-idle", "idle", 60, { profile: "ephemeral" }],
      ["dev-load", "load", 30, { stack: "dev" }],
    ]);
  });

  it("apply by profile and by stack, and report a miss with its figure", () => {
    const idle = { designUsd: 245.17, naiveUsd: 285.41, savingUsd: 40.24, savingPercent: 14.1 };
    const load = { designUsd: 405, naiveUsd: 571.38, savingUsd: 166.38, savingPercent: 29.1 };
    expect(goalResults("prod", "production", idle, load)).toEqual([]);
    expect(goalResults("pr-1", "ephemeral", idle, load).map((g) => [g.id, g.savingPercent, g.met])).toEqual([["ephemeral-idle", 14.1, false]]);
    expect(goalResults("dev", "production", idle, load).map((g) => [g.id, g.savingPercent, g.met])).toEqual([["dev-load", 29.1, false]]);
  });
});

describe("bad input that escaped validation", () => {
  it("a negative quantity stops the estimate with one message naming the item", () => {
    expect(() => estimate(environmentOf(fixture()), book, { ...defaults, logIngestGbPerGroup: -5 })).toThrow(NegativeQuantityError);
    expect(() => estimate(environmentOf(fixture()), book, { ...defaults, logIngestGbPerGroup: -5 })).toThrow(
      "assumptions are invalid:\n  - ingestion: -5 GB is not a quantity >= 0 (check the --assume values it is computed from)",
    );
  });
});

describe("rendering", () => {
  const base = summarize(environmentOf(fixture()), book, defaults).summary;

  it("cost.md without a summary (estimate() alone) has no idle/goal section", () => {
    const set = loadAssumptions(path.join(DATA_DIR, "assumptions.json"));
    const md = costMarkdown(estimate(environmentOf(fixture()), book, defaults), book, set);
    expect(md).toContain("| **total per month** | **$710.67** | **$1,132.96** | **$422.29 (37.3%)** |");
    expect(md).not.toContain("## Idle, at the assumed load");
  });

  it("an environment with nothing to price saves 0%", () => {
    const empty: Fixture = { security: { resources: [] }, network: { resources: [] }, data: { resources: [] }, compute: { resources: [] } };
    expect(summarize(environmentOf(empty), book, defaults).summary.load).toEqual({ designUsd: 0, naiveUsd: 0, savingUsd: 0, savingPercent: 0 });
  });

  it("the cost.md section says where the endpoints pay off, or that they always do, and lists the goals", () => {
    const md = summaryMarkdown(base).join("\n");
    expect(md).toContain("## Idle, at the assumed load, and the goals (dev, production profile)");
    expect(md).toContain("instead of interface endpoints (one per AZ)");
    expect(md).toContain("| idle | $278.80 | $1,108.25 | $829.45 (74.8%) |");
    expect(md).toContain("- Interface endpoints vs NAT: 1 endpoints cost $14.60 a month before traffic, 2 NAT gateways $73.00; per GB $0.01 against $0.045. The endpoints cost less at any traffic.");
    expect(md).toContain("| dev at the assumed load at least 30% cheaper | load | 30% | 37.3% | yes |");
    const pr: EnvironmentSummary = {
      ...base,
      stack: "pr-1",
      profile: "ephemeral",
      endpointsVsNat: { ...base.endpointsVsNat, natGateways: 1, breakEvenGbPerMonth: 3338 },
      goals: [{ id: "ephemeral-idle", description: "an idle ephemeral environment at least 60% cheaper", scenario: "idle", minSavingPercent: 60, savingPercent: 14.1, met: false }],
    };
    const prMd = summaryMarkdown(pr).join("\n");
    expect(prMd).toContain("(one, as an environment without standby would have)");
    expect(prMd).toContain("1 NAT gateway $73.00");
    expect(prMd).toContain("The endpoints cost less above **3,338 GB a month** through them; the assumed load is 5 GB.");
    expect(prMd).toContain("| an idle ephemeral environment at least 60% cheaper | idle | 60% | 14.1% | **no** |");
    expect(summaryMarkdown({ ...base, stack: "prod", goals: [] }).join("\n")).toContain("No goal is set for prod; the drivers above say, with the same numbers, where it stands and what keeps it there.");
  });

  it("says where the environment stands and what keeps it there, with the drivers' numbers", () => {
    expect(standing(base)).toBe(
      "Where dev stands: at the assumed load the design saves $422.29 (37.3%), idle $829.45 (74.8%). Fargate Spot saves $100.91; Serverless v2 saves $262.80 at 2.83 ACU average per instance against a break-even of 4.33 ACU; the interface endpoints save $58.58 against the NAT gateways.",
    );
    const costly = { ...base, serverlessVsProvisioned: [], drivers: [{ ...base.drivers[0], load: { designUsd: 153.65, naiveUsd: 111.08, savingUsd: -42.57, savingPercent: -38.3 } }, ...base.drivers.slice(1)] };
    expect(standing({ ...costly, endpointsVsNat: { ...base.endpointsVsNat, breakEvenGbPerMonth: 1252, assumedGbPerMonth: 35 } })).toMatch(
      /Serverless v2 saves \$262\.80; the interface endpoints cost \$42\.57 more than the NAT gateways, as they do below 1,252 GB a month \(assumed: 35 GB\)\.$/,
    );
  });

  it("the README row shows idle, load, both break-even points and the goals", () => {
    expect(COST_TABLE_HEADER).toHaveLength(2);
    expect(costTableRow(base)).toBe("| dev | production | $278.80 vs $1,108.25 (74.8%) | $710.67 vs $1,132.96 (37.3%) | 0 GB | 4.33 ACU (db.r6g.xlarge) | load ≥ 30%: met |");
    expect(costTableRow({ ...base, stack: "prod", goals: [], serverlessVsProvisioned: [] })).toBe("| prod | production | $278.80 vs $1,108.25 (74.8%) | $710.67 vs $1,132.96 (37.3%) | 0 GB | — | — |");
    expect(costTableRow({ ...base, goals: [{ ...base.goals[0], met: false }] })).toMatch(/\| load ≥ 30%: \*\*not met\*\* \|$/);
  });

  it("skips instances without a serverless scaling configuration in the ACU break-even", () => {
    const f = fixture();
    f.data.resources = f.data.resources.map((r): FixtureResource => (r[1] === "platform-reader" ? [r[0], r[1], r[2], { clusterIdentifier: "elsewhere", instanceClass: "db.serverless" }] : r[1] === "platform-writer" ? [r[0], r[1], r[2], { ...r[3], instanceClass: "db.r6g.large" }] : r));
    expect(summarize(environmentOf(f), book, defaults).summary.serverlessVsProvisioned).toEqual([]);
  });
});

describe("the summary per catalog service (issue 16)", () => {
  const { summary, load } = summarize(environmentOf(fixture()), book, defaults);

  it("gives each service and the shared row idle and load totals, the rows adding up to the environment's", () => {
    // app idle: no log ingestion (log group 0), tasks still at the floor: 115.33 + repository 0.20 + alarms 0.20.
    expect(summary.services.map((v) => [v.service, v.idle.designUsd, v.idle.naiveUsd, v.load.designUsd, v.load.naiveUsd, v.load.savingPercent])).toEqual([
      ["app", 115.73, 216.64, 118.38, 219.29, 46],
      ["shared", summary.idle.designUsd - 115.73, summary.idle.naiveUsd - 216.64, 592.29, 913.67, 35.2].map((x) => (typeof x === "number" ? Math.round(x * 100) / 100 : x)),
    ]);
    expect(load.services.map((v) => v.service)).toEqual(["app", "shared"]);
  });

  it("renders the per-service tables in cost.md: the load report's rows and the summary's idle/load rows", () => {
    const text = costMarkdown(load, book, loadAssumptions(path.join(DATA_DIR, "assumptions.json")), summary);
    expect(text).toContain("| app | 7 | $118.38 | $219.29 | $100.91 |");
    expect(text).toContain("| shared | 38 | $592.29 | $913.67 | $321.38 |");
    expect(text).toContain("| app | $115.73 | $216.64 | $100.91 (46.6%) | $118.38 | $219.29 | $100.91 (46%) |");
  });
});
