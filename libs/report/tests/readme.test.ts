import * as fs from "node:fs";
import * as path from "node:path";
import * as summaryModule from "../src/summary";
import { NegativeQuantityError } from "../src/cost";
import { reportCli } from "../src/cli";
import { COST_TABLE_BEGIN, COST_TABLE_END, CostTableError, README_FILE, SUMMARIES_FILE, readSummaries, readmeTable, renderCostTable } from "../src/readme";
import { round2 } from "../src/cost";
import { loadPriceBook } from "../src/data";
import { DATA_DIR, fixture, writeDist } from "./fixtures";

const REPO = path.resolve(__dirname, "..", "..", "..");
const capture = () => {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) }, out, err };
};
/** A workspace with the fixture's plans and a README holding an empty cost table. */
function workspace(readme = `# x\n\n${COST_TABLE_BEGIN}\n${COST_TABLE_END}\n\nafter\n`): string {
  const root = writeDist(fixture());
  fs.writeFileSync(path.join(root, README_FILE), readme);
  fs.mkdirSync(path.join(root, path.dirname(SUMMARIES_FILE)), { recursive: true });
  return root;
}

describe("the committed README cost table", () => {
  const summaries = readSummaries(REPO);

  it("is exactly the rendering of the committed summaries, for dev, prod and the ephemeral pr-1", () => {
    expect(Object.keys(summaries)).toEqual(["dev", "prod", "pr-1"]);
    expect(readmeTable(fs.readFileSync(path.join(REPO, README_FILE), "utf8"))).toBe(renderCostTable(summaries));
    expect(Object.values(summaries).map((s) => s.profile)).toEqual(["production", "production", "ephemeral"]);
  });

  it("holds figures whose arithmetic adds up: saving = naive - design, the percent of the naive total, goals judged on them", () => {
    for (const s of Object.values(summaries)) {
      for (const t of [s.idle, s.load, ...s.drivers.flatMap((d) => [d.idle, d.load])]) {
        expect(t.savingUsd).toBe(round2(t.naiveUsd - t.designUsd));
        expect(t.savingPercent).toBe(t.naiveUsd === 0 ? 0 : Math.round((t.savingUsd / t.naiveUsd) * 1000) / 10);
      }
      expect(round2(s.drivers.reduce((t, d) => t + d.load.designUsd, 0))).toBe(s.load.designUsd);
      expect(round2(s.drivers.reduce((t, d) => t + d.idle.naiveUsd, 0))).toBe(s.idle.naiveUsd);
      for (const g of s.goals) {
        expect(g.savingPercent).toBe((g.scenario === "idle" ? s.idle : s.load).savingPercent);
        expect(g.met).toBe(g.savingPercent >= g.minSavingPercent);
      }
      const e = s.endpointsVsNat;
      expect(e.breakEvenGbPerMonth).toBe(Math.max(0, Math.ceil((e.endpointFixedUsd - e.natFixedUsd) / (e.natUsdPerGb - e.endpointUsdPerGb))));
    }
  });
});

describe("the committed pr-1 figures with the shared network pr-shared (issue 18), from the price file", () => {
  const s = readSummaries(REPO)["pr-1"];
  const n = s.sharedNetwork!;
  const { prices, auroraInstanceClasses } = loadPriceBook(path.join(DATA_DIR, "prices-us-east-2.json"), "us-east-2");
  const hours = 730;
  // The shapes in the plans: 6 interface endpoints x 3 AZs and 4 keys in pr-shared; 3 catalog
  // services of 1 task (2 vCPU / 4 GB) and one writer (0-4 ACU, naive db.t4g.large) in pr-1.
  const hostIdle = { design: round2(6 * 3 * hours * prices.vpcInterfaceEndpointHour.usd + 4 * prices.kmsKeyMonth.usd), naive: round2(hours * (prices.natGatewayHour.usd + prices.publicIpv4Hour.usd) + 4 * prices.kmsKeyMonth.usd) };
  const task = (vcpu: number, gb: number) => round2(hours * (2 * vcpu + 4 * gb));
  const spot = 3 * task(prices.fargateSpotVcpuHour.usd, prices.fargateSpotGbHour.usd);
  const onDemand = 3 * task(prices.fargateVcpuHour.usd, prices.fargateGbHour.usd);
  const pct = (saving: number, naive: number) => Math.round((saving / naive) * 1000) / 10;

  it("prices pr-1's own network at $0 in both designs and judges the idle goal on its own cost", () => {
    const [network, fargate, aurora, rest] = s.drivers.map((d) => d.idle);
    expect([network.designUsd, network.naiveUsd]).toEqual([0, 0]);
    expect([fargate.designUsd, fargate.naiveUsd]).toEqual([round2(spot), round2(onDemand)]);
    expect([aurora.designUsd, aurora.naiveUsd]).toEqual([0, round2(hours * auroraInstanceClasses["db.t4g.large"].usd)]);
    const design = round2(spot + rest.designUsd);
    const naive = round2(onDemand + hours * auroraInstanceClasses["db.t4g.large"].usd + rest.naiveUsd);
    expect(s.idle).toEqual({ designUsd: design, naiveUsd: naive, savingUsd: round2(naive - design), savingPercent: pct(round2(naive - design), naive) });
    expect(s.goals.map((g) => [g.id, g.savingPercent, g.met])).toEqual([["ephemeral-idle", s.idle.savingPercent, s.idle.savingPercent >= 60]]);
  });

  it("prices pr-shared apart: 6 endpoints in 3 AZs and 4 keys against one NAT gateway and the same keys", () => {
    expect(n.host).toBe("pr-shared");
    expect([n.idle.designUsd, n.idle.naiveUsd]).toEqual([hostIdle.design, hostIdle.naive]);
    const e = s.endpointsVsNat;
    expect([e.interfaceEndpoints, e.endpointFixedUsd, e.natGateways, e.natFixedUsd]).toEqual([6, round2(6 * 3 * hours * prices.vpcInterfaceEndpointHour.usd), 1, round2(hours * (prices.natGatewayHour.usd + prices.publicIpv4Hour.usd))]);
  });

  it("shows pr-1 + 1/k of pr-shared for each k, and the k from which it meets 60%: k >= (Hd - 0.4 Hn) / (0.4 N - D)", () => {
    for (const h of n.shares) {
      const design = round2(s.idle.designUsd + hostIdle.design / h.environments);
      const naive = round2(s.idle.naiveUsd + hostIdle.naive / h.environments);
      expect([h.environments, h.idle]).toEqual([h.environments, { designUsd: design, naiveUsd: naive, savingUsd: round2(naive - design), savingPercent: pct(round2(naive - design), naive) }]);
    }
    const k = Math.ceil((hostIdle.design - 0.4 * hostIdle.naive) / (0.4 * s.idle.naiveUsd - s.idle.designUsd));
    expect(n.goals).toEqual([{ id: "ephemeral-idle", scenario: "idle", minSavingPercent: 60, metFromEnvironments: k }]);
    expect(n.shares.find((h) => h.environments === k)!.idle.savingPercent).toBeGreaterThanOrEqual(60);
    expect(n.shares.map((h) => h.environments)).toContain(k);
  });
});

describe("report --readme and --check-readme", () => {
  it("writes the environment's row and summary, then finds them up to date; a changed plan makes them stale", () => {
    const root = workspace();
    const { io, out } = capture();
    expect(reportCli(["--readme"], {}, io, root)).toBe(0);
    expect(out[1]).toBe(`README cost table: ${README_FILE} and ${SUMMARIES_FILE} (dev)`);
    const readme = fs.readFileSync(path.join(root, README_FILE), "utf8");
    expect(readme).toBe(`# x\n\n${COST_TABLE_BEGIN}\n${renderCostTable(readSummaries(root))}\n${COST_TABLE_END}\n\nafter\n`);
    expect(readme).toContain("| dev | production | $278.80 vs $1,108.25 (74.8%) | $710.67 vs $1,132.96 (37.3%) | 0 GB | 4.33 ACU (db.r6g.xlarge) | load ≥ 30%: met |");
    const check = capture();
    expect(reportCli(["--check-readme"], {}, check.io, root)).toBe(0);
    expect(check.out).toEqual(["README cost table matches the dev plans"]);

    const summaries = readSummaries(root);
    fs.writeFileSync(path.join(root, SUMMARIES_FILE), JSON.stringify({ ...summaries, dev: { ...summaries.dev, load: { ...summaries.dev.load, designUsd: 1 } } }));
    const stale = capture();
    expect(reportCli(["--check-readme"], {}, stale.io, root)).toBe(1);
    expect(stale.err[0].split("\n")).toEqual([
      "the README cost table is out of date for dev:",
      expect.stringMatching(/^ {2}- libs\/report\/data\/cost-summaries.json: the dev summary differs from the plans \(now \| dev \| production \|/),
      "  - README.md: the table is not the rendering of libs/report/data/cost-summaries.json",
      "run: node libs/report/bin/report.js --stack=dev --readme",
    ]);
  });

  it("keeps other environments' rows, in the order dev, staging, prod, then the rest", () => {
    const root = workspace();
    reportCli(["--readme"], {}, capture().io, root);
    const dev = readSummaries(root).dev;
    fs.writeFileSync(path.join(root, SUMMARIES_FILE), JSON.stringify({ "pr-2": { ...dev, stack: "pr-2" }, prod: { ...dev, stack: "prod" }, "pr-1": { ...dev, stack: "pr-1" } }));
    reportCli(["--readme"], {}, capture().io, root);
    expect(Object.keys(readSummaries(root))).toEqual(["dev", "prod", "pr-1", "pr-2"]);
    expect(readmeTable(fs.readFileSync(path.join(root, README_FILE), "utf8")).split("\n").slice(2).map((row) => row.split(" | ")[0])).toEqual(["| dev", "| prod", "| pr-1", "| pr-2"]);
  });

  it("a stack with no summary yet is stale", () => {
    const root = workspace();
    const { io, err } = capture();
    expect(reportCli(["--check-readme"], {}, io, root)).toBe(1);
    expect(err[0]).toContain(`  - ${SUMMARIES_FILE} has no dev summary`);
  });

  it("refuses a README without the markers, and assumption overrides (the table shows the committed assumptions)", () => {
    const root = workspace("# no table here\n");
    const { io, err } = capture();
    expect(reportCli(["--readme"], {}, io, root)).toBe(1);
    expect(err).toEqual([`report failed, nothing was written:\n${README_FILE} has no cost table: add the lines ${COST_TABLE_BEGIN} and ${COST_TABLE_END} where it goes`]);
    expect(() => readmeTable("x")).toThrow(CostTableError);
    const assumed = capture();
    expect(reportCli(["--readme", "--assume", "albAverageLcu=2"], {}, assumed.io, workspace())).toBe(1);
    expect(assumed.err).toEqual(["report failed, nothing was written:\nthe README cost table shows the committed assumptions: drop --assume and REPORT_ASSUME to write or check it"]);
  });

  it("takes --readme or --check-readme once", () => {
    const { io, err } = capture();
    expect(reportCli(["--readme", "--check-readme"], {}, io, "/nowhere")).toBe(2);
    expect(err[0]).toMatch(/^usage: report /);
  });

  it("reports a negative priced quantity as bad input, writing nothing", () => {
    const root = workspace();
    const spy = jest.spyOn(summaryModule, "summarize").mockImplementation(() => {
      throw new NegativeQuantityError("ingestion", -5, "GB");
    });
    const { io, err } = capture();
    expect(reportCli([], {}, io, root)).toBe(1);
    expect(err).toEqual(["report failed, nothing was written:\nassumptions are invalid:\n  - ingestion: -5 GB is not a quantity >= 0 (check the --assume values it is computed from)"]);
    expect(fs.existsSync(path.join(root, "dist", "report"))).toBe(false);
    spy.mockRestore();
  });
});
