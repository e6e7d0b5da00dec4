import * as fs from "node:fs";
import * as path from "node:path";
import * as summary from "../src/summary";
import { reportCli } from "../src/cli";
import { usd } from "../src/render";
import { DATA_DIR, fixture, writeDist } from "./fixtures";

const capture = () => {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) }, out, err };
};
const read = (root: string, file: string): string => fs.readFileSync(path.join(root, "dist", "report", file), "utf8");

describe("npm run report", () => {
  it("writes cost.json, cost.md and architecture.md and prints the totals", () => {
    const root = writeDist(fixture());
    const { io, out, err } = capture();
    expect(reportCli([], {}, io, root)).toBe(0);
    expect(err).toEqual([]);
    expect(out).toEqual([
      "dev (production): at the assumed load $710.67/month, naive $1,132.96/month, saving $422.29 (37.3%); idle $278.80/month, naive $1,108.25/month (74.8%); " +
        "endpoints beat NAT above 0 GB/month, Serverless v2 beats provisioned below 4.33 ACU average; goal dev at the assumed load at least 30% cheaper: 37.3% met; " +
        "1 unpriced resource(s) listed in cost.md -> dist/report/cost.json, cost.md, architecture.md",
    ]);
    const json = JSON.parse(read(root, "cost.json"));
    expect([json.stack, json.totalMonthlyUsd, json.naiveTotalMonthlyUsd, json.savingUsd, json.savingPercent]).toEqual(["dev", 710.67, 1132.96, 422.29, 37.3]);
    expect([json.summary.profile, json.summary.idle, json.summary.goals.map((g: { id: string; met: boolean }) => [g.id, g.met])]).toEqual([
      "production",
      { designUsd: 278.8, naiveUsd: 1108.25, savingUsd: 829.45, savingPercent: 74.8 },
      [["dev-load", true]],
    ]);
    expect(json.prices.file).toBe(path.relative(root, path.join(DATA_DIR, "prices-us-east-2.json")));
    expect(json.assumptions.overridden).toEqual({});
    expect(read(root, "architecture.md")).toContain("```mermaid\nflowchart TB");
  });

  it("cost.md shows the totals, the saving, the unpriced list, per-layer tables, free types, prices and assumptions", () => {
    const root = writeDist(fixture());
    reportCli([], {}, capture().io, root);
    const md = read(root, "cost.md");
    expect(md).toContain("# Monthly cost estimate: dev (us-east-2)");
    expect(md).toContain("| **total per month** | **$710.67** | **$1,132.96** | **$422.29 (37.3%)** |");
    expect(md).toContain("| network | $17.30 | $75.88 | $58.58 |");
    expect(md).toContain("| idle | $278.80 | $1,108.25 | $829.45 (74.8%) |\n| assumed load | $710.67 | $1,132.96 | $422.29 (37.3%) |");
    expect(md).toContain("| dev at the assumed load at least 30% cheaper | load | 30% | 37.3% | yes |");
    expect(md).toContain("## Unpriced resources");
    expect(md).toContain("| compute | edge | `aws:wafv2/webAcl:WebAcl` | no price for this resource type |");
    expect(md).toContain("| platform-ecr.api | `aws:ec2/vpcEndpoint:VpcEndpoint` | $14.65 | $0.00 | endpoint ENI in 2 AZs: 1460 hours x $0.01; data processed: 5 GB x $0.01; naive design: replaced by the NAT gateways |");
    expect(md).toContain("| nat-gateway-us-east-2a | `aws:ec2/natGateway:NatGateway` | — | $36.50 | naive design only: NAT gateway in us-east-2a |");
    expect(md).toContain("| edge | `aws:wafv2/webAcl:WebAcl` | unpriced | unpriced | no price for this resource type |");
    expect(md).toContain("- `aws:ec2/subnet:Subnet` x 4 (no charge for subnets)");
    expect(md).toContain("| natGatewayHour | 0.045 | USD per NAT gateway per hour |");
    expect(md).toContain("| auroraInstanceClasses.db.r6g.xlarge | 0.519 |");
    expect(md).toContain("| hoursPerMonth | 730 | hours |");
    expect(md).toContain("| spotDiscount | null | fraction or null |");
  });

  it("formats dollars with cents and thousands, the sign before the dollar", () => {
    expect([usd(1135.21), usd(0), usd(-18.6)]).toEqual(["$1,135.21", "$0.00", "-$18.60"]);
  });

  it("takes assumption overrides from REPORT_ASSUME and --assume (flags win) and says so", () => {
    const root = writeDist(fixture());
    const { io, out } = capture();
    expect(reportCli(["--assume", "spotDiscount=0.5", "--assume=hoursPerMonth=720"], { REPORT_ASSUME: "spotDiscount=0.2, albAverageLcu=2" }, io, root)).toBe(0);
    const json = JSON.parse(read(root, "cost.json"));
    expect([json.assumptions.values.spotDiscount, json.assumptions.values.hoursPerMonth, json.assumptions.values.albAverageLcu]).toEqual([0.5, 720, 2]);
    expect(json.assumptions.overridden).toEqual({ spotDiscount: "--assume", albAverageLcu: "REPORT_ASSUME", hoursPerMonth: "--assume" });
    expect(out[0]).not.toContain("$710.67");
    const md = read(root, "cost.md");
    expect(md).toContain("with overrides (spotDiscount, albAverageLcu, hoursPerMonth)");
    expect(md).toContain("| hoursPerMonth | 720 (from --assume) | hours |");
  });

  it("reads other plan, output, price and assumption locations; no unpriced resource, no unpriced section", () => {
    const f = fixture();
    f.compute.resources = f.compute.resources.filter(([type]) => type !== "aws:wafv2/webAcl:WebAcl");
    f.security.resources = f.security.resources.filter(([type]) => type !== "aws:kms/alias:Alias");
    const root = writeDist(f);
    fs.mkdirSync(path.join(root, "plans"));
    fs.renameSync(path.join(root, "dist", "dev"), path.join(root, "plans", "dev"));
    fs.copyFileSync(path.join(DATA_DIR, "prices-us-east-2.json"), path.join(root, "p.json"));
    fs.copyFileSync(path.join(DATA_DIR, "assumptions.json"), path.join(root, "a.json"));
    const { io, out } = capture();
    expect(reportCli(["--dist=plans", "--out=dist/report", "--prices=p.json", "--assumptions=a.json"], {}, io, root)).toBe(0);
    expect(out[0]).toMatch(/^dev \(production\): at the assumed load \$\d[\d,.]*\/month, naive .* -> dist\/report\/cost.json, cost.md, architecture.md$/);
    expect(read(root, "cost.md")).not.toContain("## Unpriced resources");
    expect(read(root, "cost.md")).toContain("Prices: `p.json`");
    // Security has only priced keys left: no "Free:" list under its table.
    expect(read(root, "cost.md")).toContain("## security\n\n3 priced, 0 free, 0 unpriced.\n\n| resource | type | this design | naive | how |\n|---|---|---:|---:|---|\n| platform-database |");
    expect(read(root, "cost.md")).toMatch(/\| platform-logs \| `aws:kms\/key:Key` \| \$1\.30 \| \$1\.30 \| [^\n]*\|\n\n## network/);
  });

  it("a missing plan tells the user to run npm run synth, and nothing is written", () => {
    const root = writeDist(fixture());
    fs.rmSync(path.join(root, "dist", "dev", "network", "preview.json"));
    const { io, err } = capture();
    expect(reportCli([], {}, io, root)).toBe(1);
    expect(err).toEqual(["report failed, nothing was written:\ndist/dev/network/preview.json does not exist: run `npm run synth -- -c dev` first"]);
    expect(fs.existsSync(path.join(root, "dist", "report"))).toBe(false);
  });

  it("reads the environment --stack names, and says which one was not synthesized", () => {
    const root = writeDist(fixture());
    const { io, err } = capture();
    expect(reportCli(["--stack=prod"], {}, io, root)).toBe(1);
    expect(err).toEqual(["report failed, nothing was written:\ndist/prod/security/preview.json does not exist: run `npm run synth -- -c prod` first"]);
  });

  it("a malformed assumption fails with the file, key and rule", () => {
    const root = writeDist(fixture());
    const { io, err } = capture();
    expect(reportCli(["--assume", "hoursPerMonth=-1"], {}, io, root)).toBe(1);
    expect(err).toEqual(['report failed, nothing was written:\n--assume is invalid:\n  - hoursPerMonth "-1": must be a number between 1 and 744']);
  });

  it("an --assume that makes a quantity negative is one clear error naming the key and its rule", () => {
    const root = writeDist(fixture());
    const { io, err } = capture();
    expect(reportCli(["--assume", "interfaceEndpointGbPerMonth=-5"], {}, io, root)).toBe(1);
    expect(err).toEqual(['report failed, nothing was written:\n--assume is invalid:\n  - interfaceEndpointGbPerMonth "-5": must be a number >= 0']);
    expect(fs.existsSync(path.join(root, "dist", "report"))).toBe(false);
  });

  it("says when a goal is not met, and leaves out the ACU break-even when no instance is Serverless v2", () => {
    const f = fixture();
    f.data.resources = f.data.resources.map((r) => (r[0] === "aws:rds/clusterInstance:ClusterInstance" ? [r[0], r[1], r[2], { ...r[3], instanceClass: "db.r6g.large" }] : r));
    const root = writeDist(f);
    const { io, out } = capture();
    expect(reportCli([], {}, io, root)).toBe(0);
    expect(out[0]).toContain("; endpoints beat NAT above 0 GB/month; goal dev at the assumed load at least 30% cheaper: 21.1% NOT met;");
  });

  it("a plan without a provider region falls back to us-east-2", () => {
    const f = fixture();
    const root = writeDist(f);
    for (const layer of ["security", "network", "data", "compute"]) {
      const file = path.join(root, "dist", "dev", layer, "preview.json");
      const plan = JSON.parse(fs.readFileSync(file, "utf8"));
      plan.steps = plan.steps.filter((s: { newState: { type: string } }) => s.newState.type !== "pulumi:providers:aws");
      fs.writeFileSync(file, JSON.stringify(plan));
    }
    expect(reportCli([], {}, capture().io, root)).toBe(0);
  });

  it("prints usage for unknown arguments or a dangling --assume", () => {
    for (const argv of [["--what"], ["--assume"], ["--dist="]]) {
      const { io, err } = capture();
      expect(reportCli(argv, {}, io, "/nowhere")).toBe(2);
      expect(err[0]).toMatch(/^usage: report /);
    }
  });

  it("lets unexpected errors through (they are bugs, not bad input)", () => {
    const root = writeDist(fixture());
    const spy = jest.spyOn(summary, "summarize").mockImplementation(() => {
      throw new TypeError("boom");
    });
    expect(() => reportCli([], {}, capture().io, root)).toThrow("boom");
    spy.mockRestore();
  });
});
