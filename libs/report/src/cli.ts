import * as fs from "node:fs";
import * as path from "node:path";
import { NegativeQuantityError } from "./cost";
import { DataFileError, loadAssumptions, loadPriceBook, overrideAssumptions } from "./data";
import { architectureMarkdown } from "./diagram";
import { DIST_DIR, PlanFileError, readEnvironment } from "@fin/plan";
import { costMarkdown, fromCount, usd } from "./render";
import { CostTableError, checkCostTable, updateCostTable } from "./readme";
import { HOST_LAYERS, isHostOnly, networkHost, readHostEnvironment } from "./shared-network";
import { summarize } from "./summary";

export interface CliIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
}

const USAGE = [
  "usage: report [--stack=dev] [--dist=dist] [--out=dist/report] [--prices=<file>] [--assumptions=<file>] [--assume key=value ...] [--readme | --check-readme]",
  "  --readme writes this environment's row of the README cost table (and libs/report/data/cost-summaries.json);",
  "  --check-readme fails when that row or summary differs from what the plans give.",
  "  REPORT_ASSUME='key=value,key=value' overrides assumptions too (flags win).",
].join("\n");

const DATA_DIR = path.resolve(__dirname, "..", "data");

interface Args {
  readonly flags: Map<string, string>;
  readonly assume: string[];
  readonly readme?: "write" | "check";
}

function parseArgs(argv: readonly string[]): Args | undefined {
  const flags = new Map<string, string>();
  const assume: string[] = [];
  let readme: "write" | "check" | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--assume") {
      const next = argv[++i];
      if (next === undefined) {
        return undefined;
      }
      assume.push(next);
    } else if ((arg === "--readme" || arg === "--check-readme") && readme === undefined) {
      readme = arg === "--readme" ? "write" : "check";
    } else if (arg.startsWith("--assume=")) {
      assume.push(arg.slice("--assume=".length));
    } else if (/^--(stack|dist|out|prices|assumptions)=./.test(arg)) {
      const cut = arg.indexOf("=");
      flags.set(arg.slice(2, cut), arg.slice(cut + 1));
    } else {
      return undefined;
    }
  }
  return { flags, assume, ...(readme ? { readme } : {}) };
}

/**
 * `report`: prices the synthesized plans of every layer and draws the architecture, writing
 * `cost.json`, `cost.md` and `architecture.md`. Returns the exit code; failures print one message.
 */
export function reportCli(argv: readonly string[], env: Readonly<Record<string, string | undefined>>, io: CliIo, workspaceRoot: string): number {
  const args = parseArgs(argv);
  if (!args) {
    io.err(USAGE);
    return 2;
  }
  const at = (flag: string, fallback: string): string => path.resolve(workspaceRoot, args.flags.get(flag) ?? fallback);
  // Plans are per environment: <dist>/<stack>/<layer>/ (libs/plan's layout).
  const distRoot = at("dist", DIST_DIR);
  const stack = args.flags.get("stack") ?? "dev";
  const outDir = at("out", "dist/report");
  const rel = (file: string): string => path.relative(workspaceRoot, file);
  if (isHostOnly(distRoot, stack)) {
    io.err(
      `report failed, nothing was written:\n${stack} has only the ${HOST_LAYERS.join(" and ")} layers, as a shared network host does (ADR 0019): ` +
        "it is priced in the report of an environment whose network is its guest, e.g. npm run report -- --stack=pr-1",
    );
    return 1;
  }
  try {
    const environment = readEnvironment(distRoot, stack, workspaceRoot);
    // A guest network (issue 18) is priced on its own plans; its host's plans are priced apart.
    const hostStack = networkHost(environment);
    const hostEnvironment = hostStack === undefined ? undefined : readHostEnvironment(distRoot, hostStack, workspaceRoot);
    const region = environment.layers.flatMap((l) => l.regions)[0] ?? "us-east-2";
    const book = loadPriceBook(at("prices", path.join(DATA_DIR, `prices-${region}.json`)), region);
    let assumptions = loadAssumptions(at("assumptions", path.join(DATA_DIR, "assumptions.json")));
    const fromEnv = (env["REPORT_ASSUME"] ?? "").split(",").map((s) => s.trim()).filter((s) => s !== "");
    assumptions = overrideAssumptions(assumptions, fromEnv, "REPORT_ASSUME");
    assumptions = overrideAssumptions(assumptions, args.assume, "--assume");
    const shown = { ...book, file: rel(book.file) };
    const { load: report, summary, host } = summarize(environment, book, assumptions.values, hostEnvironment);
    const overridden = Object.keys(assumptions.overridden).length > 0;
    if (args.readme && overridden) {
      io.err("report failed, nothing was written:\nthe README cost table shows the committed assumptions: drop --assume and REPORT_ASSUME to write or check it");
      return 1;
    }
    if (args.readme === "check") {
      const stale = checkCostTable(workspaceRoot, summary);
      if (stale.length > 0) {
        io.err(`the README cost table is out of date for ${summary.stack}:\n${stale.map((s) => `  - ${s}`).join("\n")}\nrun: node libs/report/bin/report.js --stack=${summary.stack} --readme`);
        return 1;
      }
      io.out(`README cost table matches the ${summary.stack} plans`);
      return 0;
    }
    fs.mkdirSync(outDir, { recursive: true });
    const json = {
      ...report,
      summary,
      ...(host ? { sharedNetworkHost: host.load } : {}),
      prices: { file: shown.file, version: book.version },
      assumptions: { file: rel(assumptions.file), values: assumptions.values, overridden: assumptions.overridden },
    };
    fs.writeFileSync(path.join(outDir, "cost.json"), `${JSON.stringify(json, null, 2)}\n`);
    fs.writeFileSync(path.join(outDir, "cost.md"), costMarkdown(report, shown, { ...assumptions, file: rel(assumptions.file) }, summary, host?.load));
    fs.writeFileSync(path.join(outDir, "architecture.md"), architectureMarkdown(environment));
    const shared = summary.sharedNetwork;
    const goals = summary.goals
      .map((g) => {
        const withHost = shared?.goals.find((x) => x.id === g.id);
        return `; goal ${g.description}: ${g.savingPercent}% ${g.met ? "met" : "NOT met"}${shared && withHost ? ` on its own cost, with 1/k of ${shared.host} ${fromCount(withHost)}` : ""}`;
      })
      .join("");
    const network = shared
      ? `; network: a guest of ${shared.host}, which costs idle ${usd(shared.idle.designUsd)}/month, naive ${usd(shared.idle.naiveUsd)}/month, shared by the environments open at once`
      : "";
    io.out(
      `${report.stack} (${summary.profile}): at the assumed load ${usd(report.totalMonthlyUsd)}/month, naive ${usd(report.naiveTotalMonthlyUsd)}/month, saving ${usd(report.savingUsd)} (${report.savingPercent}%); ` +
        `idle ${usd(summary.idle.designUsd)}/month, naive ${usd(summary.idle.naiveUsd)}/month (${summary.idle.savingPercent}%); ` +
        `endpoints beat NAT above ${summary.endpointsVsNat.breakEvenGbPerMonth} GB/month` +
        (summary.serverlessVsProvisioned[0] ? `, Serverless v2 beats provisioned below ${summary.serverlessVsProvisioned[0].breakEvenAverageAcu} ACU average` : "") +
        network +
        goals +
        `${report.unpriced.length > 0 ? `; ${report.unpriced.length} unpriced resource(s) listed in cost.md` : ""} -> ${rel(outDir)}/cost.json, cost.md, architecture.md`,
    );
    if (args.readme === "write") {
      io.out(`README cost table: ${updateCostTable(workspaceRoot, summary)}`);
    }
    return 0;
  } catch (error) {
    if (error instanceof PlanFileError || error instanceof DataFileError || error instanceof NegativeQuantityError || error instanceof CostTableError) {
      io.err(`report failed, nothing was written:\n${error.message}`);
      return 1;
    }
    throw error;
  }
}
