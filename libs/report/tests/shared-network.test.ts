import * as fs from "node:fs";
import * as path from "node:path";
import { layerPlan, type Environment } from "@fin/plan";
import { reportCli } from "../src/cli";
import { estimate, round2, type CostReport } from "../src/cost";
import { buildDiagram, toMermaid } from "../src/diagram";
import { loadAssumptions, loadPriceBook } from "../src/data";
import { costTableRow, fromCount, hostMarkdown, sharedNetworkMarkdown, standing, summaryMarkdown } from "../src/render";
import { HOST_LAYERS, isHostOnly, networkHost, readHostEnvironment } from "../src/shared-network";
import { IDLE_ASSUMPTIONS, MAX_SHARING_ENVIRONMENTS, SHARE_COUNTS, hostShare, sharedNetworkSummary, summarize } from "../src/summary";
import { DATA_DIR, HOST, environmentOf, planOf, sharedNetworkFixture, writeDist, type FixtureLayer } from "./fixtures";

const book = loadPriceBook(path.join(DATA_DIR, "prices-us-east-2.json"), "us-east-2");
const defaults = loadAssumptions(path.join(DATA_DIR, "assumptions.json")).values;
const price = (key: keyof typeof book.prices): number => book.prices[key].usd;
const hours = defaults.hoursPerMonth;
const pct = (saving: number, naive: number): number => Math.round((saving / naive) * 1000) / 10;

const hostEnvironment = (host: Record<"security" | "network", FixtureLayer>): Environment => ({
  stack: HOST,
  layers: HOST_LAYERS.map((l) => layerPlan(l, planOf(l, host[l as "security" | "network"], HOST), { project: `fin-${l}`, stack: HOST }, host[l as "security" | "network"].outputs ?? {})),
});
const capture = () => {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) }, out, err };
};

describe("networkHost: whose network an environment's network layer reads", () => {
  it("is the stack of its fin-network StackReference; none for a network of its own", () => {
    const { guest } = sharedNetworkFixture();
    expect(networkHost(environmentOf(guest, "pr-1"))).toBe("pr-shared");
    const owned = sharedNetworkFixture().host;
    expect(networkHost(environmentOf({ ...guest, network: owned.network }, "pr-1"))).toBeUndefined();
    // A reference to its own stack's network (data and compute hold those) is not a host.
    expect(networkHost(environmentOf({ ...guest, network: { ...guest.network, references: ["organization/fin-network/pr-1"] } }, "pr-1"))).toBeUndefined();
    expect(networkHost({ stack: "pr-1", layers: [] })).toBeUndefined();
  });

  it("reads the host's security and network plans only (a host has no data or compute)", () => {
    const { host } = sharedNetworkFixture();
    const root = writeDist(host, HOST);
    const env = readHostEnvironment(path.join(root, "dist"), HOST, root);
    expect([env.stack, env.layers.map((l) => [l.layer, l.stack, l.resources.length])]).toEqual([HOST, [["security", HOST, 4], ["network", HOST, 14]]]);
  });
});

describe("summarize with a shared network host (issue 18)", () => {
  const { guest, host } = sharedNetworkFixture();
  const env = environmentOf(guest, "pr-1");
  const hostEnv = hostEnvironment(host);
  const { summary, idle, load, host: priced } = summarize(env, book, defaults, hostEnv);
  // The host fixture: one interface endpoint in 2 AZs, three keys, the flow-log group (30 days).
  const endpointIdle = 2 * hours * price("vpcInterfaceEndpointHour");
  const keys = 3 * price("kmsKeyMonth");
  const oneNat = hours * (price("natGatewayHour") + price("publicIpv4Hour"));
  const flowLogsLoad = defaults.logIngestGbPerGroup * (price("logsIngestGb") + price("logsStorageGbMonth"));
  const hostIdle = { design: round2(endpointIdle + keys), naive: round2(oneNat + keys) };
  const hostLoad = {
    design: round2(endpointIdle + defaults.interfaceEndpointGbPerMonth * price("vpcInterfaceEndpointGb") + keys + defaults.kmsRequestsPerKey / 10000 * 3 * price("kmsRequests10k") + flowLogsLoad),
    naive: round2(oneNat + defaults.interfaceEndpointGbPerMonth * price("natGatewayGb") + keys + defaults.kmsRequestsPerKey / 10000 * 3 * price("kmsRequests10k") + flowLogsLoad),
  };

  it("prices the guest's network layer at $0 in both designs: no endpoint, so no naive NAT either", () => {
    for (const report of [idle, load]) {
      expect(report.layers.find((l) => l.layer === "network")).toEqual({ layer: "network", monthlyUsd: 0, naiveMonthlyUsd: 0, priced: 0, free: 3, unpriced: 0 });
      expect(report.resources.filter((r) => r.naiveOnly)).toEqual([]);
    }
  });

  it("judges the goal on the environment's own cost: the owned-network figures less their network layer", () => {
    const owned = estimate({ ...env, layers: env.layers.map((l) => (l.layer === "network" ? layerPlan("network", planOf("network", { ...host.network, profile: "ephemeral" }, "pr-1"), { project: "fin-network", stack: "pr-1" }, {}) : l)) }, book, { ...defaults, ...IDLE_ASSUMPTIONS });
    const network = owned.layers.find((l) => l.layer === "network")!;
    const design = round2(owned.totalMonthlyUsd - network.monthlyUsd);
    const naive = round2(owned.naiveTotalMonthlyUsd - network.naiveMonthlyUsd);
    expect(summary.idle).toEqual({ designUsd: design, naiveUsd: naive, savingUsd: round2(naive - design), savingPercent: pct(round2(naive - design), naive) });
    expect(summary.goals).toEqual([{ id: "ephemeral-idle", description: "an idle ephemeral environment at least 60% cheaper", scenario: "idle", minSavingPercent: 60, savingPercent: summary.idle.savingPercent, met: true }]);
  });

  it("prices the host apart, with the environment's profile (one naive NAT gateway) though its own plans carry no profile tag", () => {
    const n = summary.sharedNetwork!;
    expect(n.host).toBe("pr-shared");
    expect(n.idle).toEqual({ designUsd: hostIdle.design, naiveUsd: hostIdle.naive, savingUsd: round2(hostIdle.naive - hostIdle.design), savingPercent: pct(round2(hostIdle.naive - hostIdle.design), hostIdle.naive) });
    expect([n.load.designUsd, n.load.naiveUsd]).toEqual([hostLoad.design, hostLoad.naive]);
    expect(priced!.idle.resources.filter((r) => r.naiveOnly).map((r) => [r.name, r.naiveMonthlyUsd])).toEqual([
      ["nat-gateway-us-east-2a", round2(oneNat)],
      ["nat-gateway-data-processing", 0],
    ]);
    // Its endpoints give the break-even point: (14.60 - 36.50) < 0, so they cost less at any traffic.
    expect(summary.endpointsVsNat).toMatchObject({ interfaceEndpoints: 1, endpointFixedUsd: round2(endpointIdle), natGateways: 1, natFixedUsd: round2(oneNat), breakEvenGbPerMonth: 0 });
  });

  it("adds 1/k of the host to both designs for each count shown", () => {
    const n = summary.sharedNetwork!;
    expect(n.shares.map((h) => h.environments)).toEqual(SHARE_COUNTS);
    for (const h of n.shares) {
      const d = round2(summary.idle.designUsd + hostIdle.design / h.environments);
      const v = round2(summary.idle.naiveUsd + hostIdle.naive / h.environments);
      expect(h.idle).toEqual({ designUsd: d, naiveUsd: v, savingUsd: round2(v - d), savingPercent: pct(round2(v - d), v) });
      expect(h.load.designUsd).toBe(round2(summary.load.designUsd + hostLoad.design / h.environments));
    }
    expect(n.goals).toEqual([{ id: "ephemeral-idle", scenario: "idle", minSavingPercent: 60, metFromEnvironments: 1 }]);
  });
});

describe("the break-even count of environments sharing one host", () => {
  /** Only the totals matter to the share. */
  const report = (stack: string, design: number, naive: number): CostReport => ({ stack, totalMonthlyUsd: design, naiveTotalMonthlyUsd: naive }) as CostReport;
  const goal = { id: "ephemeral-idle", description: "", scenario: "idle" as const, minSavingPercent: 60, savingPercent: 0, met: false };

  it("is the smallest k with own + host/k at least 60% cheaper: k >= (Hd - 0.4 Hn) / (0.4 N - D)", () => {
    // The ADR 0014 addendum's figures: the environment without its network $136.31 vs $394.27, a host of $135.40 vs $40.50.
    const own = { idle: report("pr-1", 136.31, 394.27), load: report("pr-1", 200, 400) };
    const host = { idle: report(HOST, 135.4, 40.5), load: report(HOST, 136, 42) };
    const k = Math.ceil((135.4 - 0.4 * 40.5) / (0.4 * 394.27 - 136.31));
    expect(k).toBe(6);
    const n = sharedNetworkSummary(own, host, [goal]);
    expect(n.goals).toEqual([{ id: "ephemeral-idle", scenario: "idle", minSavingPercent: 60, metFromEnvironments: k }]);
    expect(hostShare(k - 1, own, host).idle.savingPercent).toBeLessThan(60);
    expect(hostShare(k, own, host).idle.savingPercent).toBeGreaterThanOrEqual(60);
    // The break-even count is shown among the others.
    expect(n.shares.map((h) => h.environments)).toEqual([1, 2, 3, 5, 6, 10]);
  });

  it("is null when no count up to the limit meets it (the environment alone misses the goal)", () => {
    const own = { idle: report("pr-1", 200, 400), load: report("pr-1", 200, 400) };
    const host = { idle: report(HOST, 10, 5), load: report(HOST, 10, 5) };
    expect(MAX_SHARING_ENVIRONMENTS).toBe(100);
    expect(sharedNetworkSummary(own, host, [goal]).goals[0].metFromEnvironments).toBeNull();
    expect(sharedNetworkSummary(own, host, []).shares.map((h) => h.environments)).toEqual(SHARE_COUNTS);
  });
});

describe("rendering a guest environment", () => {
  const { guest, host } = sharedNetworkFixture();
  const { summary, host: priced } = summarize(environmentOf(guest, "pr-1"), book, defaults, hostEnvironment(host));
  const n = summary.sharedNetwork!;

  it("cost.md explains the host, its cost, the share per k and the goal both ways", () => {
    const md = summaryMarkdown(summary).join("\n");
    expect(md).toContain("### The shared network: pr-shared");
    expect(md).toContain("pr-1's network layer is a guest of pr-shared: it declares only its own security groups in pr-shared's VPC (free), so the figures above are pr-1's own cost.");
    expect(md).toContain("is priced apart with the ephemeral profile (naive design: one NAT gateway)");
    expect(md).toContain(`| pr-shared idle | $${n.idle.designUsd.toFixed(2)} | $${n.idle.naiveUsd.toFixed(2)} |`);
    expect(md).toContain(`| 2 | $${n.shares[1].idle.designUsd.toFixed(2)} |`);
    expect(md).toContain("Goals: judged on pr-1's own cost (the table below); with its share of pr-shared: idle ≥ 60% is met from 1 environment open at once.");
    expect(md).toContain("- Interface endpoints vs NAT (pr-shared's network): 1 endpoints");
    expect(standing(summary)).toMatch(/; its network is pr-shared's \(its share of it is below, not in these figures\)\.$/);
    expect(sharedNetworkMarkdown(summary, { ...n, goals: [] }).join("\n")).not.toContain("Goals:");
    expect(sharedNetworkMarkdown({ ...summary, profile: "production" }, n).join("\n")).toContain("(naive design: a NAT gateway per AZ)");
  });

  it("lists the host's priced resources apart", () => {
    const lines = hostMarkdown(priced!.load);
    expect(lines[0]).toBe("## Shared network host pr-shared (at the assumed load; not in the totals above)");
    expect(lines[2]).toBe(`Total $${priced!.load.totalMonthlyUsd.toFixed(2)} against $${priced!.load.naiveTotalMonthlyUsd.toFixed(2)} for the naive design; 13 free resources not listed.`);
    expect(lines.filter((l) => l.startsWith("| platform-") || l.startsWith("| nat-")).map((l) => l.split(" | ")[0])).toEqual([
      "| platform-database",
      "| platform-storage",
      "| platform-logs",
      "| platform-ecr.api",
      "| platform-flow-logs",
      "| nat-gateway-us-east-2a",
      "| nat-gateway-data-processing",
    ]);
  });

  it("the README row states the goal on its own cost and with 1/k of the host", () => {
    expect(costTableRow(summary)).toMatch(new RegExp(`\\| idle ≥ 60%: met on its own cost; with 1/k of pr-shared \\(idle \\$${n.idle.designUsd.toFixed(2)} vs \\$${n.idle.naiveUsd.toFixed(2)}\\) from k = 1 \\|$`));
    const never = { ...summary, sharedNetwork: { ...n, goals: [{ ...n.goals[0], metFromEnvironments: null }] } };
    expect(costTableRow(never)).toMatch(/\) never \|$/);
    expect(costTableRow({ ...summary, sharedNetwork: { ...n, goals: [] } })).toMatch(/\| idle ≥ 60%: met \|$/);
    expect([fromCount(n.goals[0]), fromCount({ ...n.goals[0], metFromEnvironments: 6 }), fromCount({ ...n.goals[0], metFromEnvironments: null })]).toEqual([
      "from 1 environment open at once",
      "from 6 environments open at once",
      "with no count up to 100",
    ]);
  });
});

describe("npm run report -- --stack=pr-1 with a shared network", () => {
  it("reads the host's plans from dist/<host>/, prints both figures and writes the host into cost.json and cost.md", () => {
    const { guest, host } = sharedNetworkFixture();
    const root = writeDist(host, HOST, writeDist(guest, "pr-1"));
    const { io, out, err } = capture();
    expect(reportCli(["--stack=pr-1"], {}, io, root)).toBe(0);
    expect(err).toEqual([]);
    const json = JSON.parse(fs.readFileSync(path.join(root, "dist", "report", "cost.json"), "utf8"));
    const n = json.summary.sharedNetwork;
    expect(out[0]).toContain(`; network: a guest of pr-shared, which costs idle $${n.idle.designUsd.toFixed(2)}/month, naive $${n.idle.naiveUsd.toFixed(2)}/month, shared by the environments open at once`);
    expect(out[0]).toContain(`; goal an idle ephemeral environment at least 60% cheaper: ${json.summary.idle.savingPercent}% met on its own cost, with 1/k of pr-shared from 1 environment open at once`);
    expect([json.sharedNetworkHost.stack, json.sharedNetworkHost.totalMonthlyUsd]).toEqual([HOST, n.load.designUsd]);
    expect(fs.readFileSync(path.join(root, "dist", "report", "cost.md"), "utf8")).toContain("## Shared network host pr-shared");
  });

  it("refuses to price the host on its own: it is priced with a guest", () => {
    const root = writeDist(sharedNetworkFixture().host, HOST);
    const { io, err } = capture();
    expect(reportCli(["--stack=pr-shared"], {}, io, root)).toBe(1);
    expect(err).toEqual([
      "report failed, nothing was written:\npr-shared has only the security and network layers, as a shared network host does (ADR 0019): it is priced in the report of an environment whose network is its guest, e.g. npm run report -- --stack=pr-1",
    ]);
    expect(isHostOnly(path.join(writeDist(sharedNetworkFixture().guest, "pr-1"), "dist"), "pr-1")).toBe(false);
  });

  it("stops with the missing host plan and the synth to run when the host was not synthesized", () => {
    const root = writeDist(sharedNetworkFixture().guest, "pr-1");
    const { io, err } = capture();
    expect(reportCli(["--stack=pr-1"], {}, io, root)).toBe(1);
    expect(err[0]).toMatch(/^report failed, nothing was written:\ndist\/pr-shared\/security\/preview.json does not exist: run/);
  });
});

describe("the architecture diagram of a guest environment", () => {
  it("draws the host as a stack of another environment feeding the network layer, never a network-to-network edge", () => {
    const env = environmentOf(sharedNetworkFixture().guest, "pr-1");
    const diagram = buildDiagram(env);
    expect(diagram.externals).toEqual([{ id: "externalFinNetworkPrShared", label: "fin-network/pr-shared: another environment's stack (the shared network host)" }]);
    expect(diagram.edges.filter((e) => e.kind === "stackReference").map((e) => `${e.from}->${e.to}`)).toEqual([
      "layerSecurity->layerNetwork",
      "externalFinNetworkPrShared->layerNetwork",
      "layerSecurity->layerData",
      "layerNetwork->layerData",
      "layerSecurity->layerCompute",
      "layerNetwork->layerCompute",
      "layerData->layerCompute",
    ]);
    const md = toMermaid(diagram, env);
    expect(md).toContain('  externalFinNetworkPrShared["fin-network/pr-shared: another environment\'s stack (the shared network host)"]');
    // Any other project of another stack is drawn the same way, without the host's label.
    const odd = environmentOf({ ...sharedNetworkFixture().guest, data: { ...sharedNetworkFixture().guest.data, references: ["organization/fin-security/pr-9"] } }, "pr-1");
    expect(buildDiagram(odd).externals?.map((x) => x.label)).toContain("fin-security/pr-9: another environment's stack");
    expect(md).toContain("  externalFinNetworkPrShared ==>|StackReference| layerNetwork");
    expect(buildDiagram(environmentOf(sharedNetworkFixture().guest, "pr-1")).edges.some((e) => e.from === "layerNetwork" && e.to === "layerNetwork")).toBe(false);
  });
});
