import * as fs from "node:fs";
import * as path from "node:path";
import { COST_TABLE_HEADER, costTableRow } from "./render";
import type { EnvironmentSummary } from "./summary";

/** The README's generated cost table sits between these lines. */
export const COST_TABLE_BEGIN = "<!-- cost-table:begin (generated: node libs/report/bin/report.js --stack=<stack> --readme; do not edit) -->";
export const COST_TABLE_END = "<!-- cost-table:end -->";

/** Paths from the workspace root: the README and the summaries its rows are rendered from. */
export const README_FILE = "README.md";
export const SUMMARIES_FILE = "libs/report/data/cost-summaries.json";

/** Environments in the order the table lists them; any other stack follows, by name. */
const ORDER = ["dev", "staging", "prod"];

export class CostTableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CostTableError";
  }
}

export type Summaries = Readonly<Record<string, EnvironmentSummary>>;

export function readSummaries(root: string): Summaries {
  const file = path.join(root, SUMMARIES_FILE);
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, "utf8")) as Summaries) : {};
}

function ordered(summaries: Summaries): EnvironmentSummary[] {
  const rank = (stack: string): number => (ORDER.includes(stack) ? ORDER.indexOf(stack) : ORDER.length);
  return Object.values(summaries).sort((a, b) => rank(a.stack) - rank(b.stack) || a.stack.localeCompare(b.stack));
}

/** The table exactly as the README holds it between the markers. */
export function renderCostTable(summaries: Summaries): string {
  return [...COST_TABLE_HEADER, ...ordered(summaries).map(costTableRow)].join("\n");
}

/** The README text between the markers; an error when they are missing. */
export function readmeTable(readme: string): string {
  const begin = readme.indexOf(COST_TABLE_BEGIN);
  const end = readme.indexOf(COST_TABLE_END);
  if (begin < 0 || end < begin) {
    throw new CostTableError(`${README_FILE} has no cost table: add the lines ${COST_TABLE_BEGIN} and ${COST_TABLE_END} where it goes`);
  }
  return readme.slice(begin + COST_TABLE_BEGIN.length, end).trim();
}

/** Writes this environment's summary and re-renders the README table; returns what it wrote. */
export function updateCostTable(root: string, summary: EnvironmentSummary): string {
  const readmeFile = path.join(root, README_FILE);
  const readme = fs.readFileSync(readmeFile, "utf8");
  readmeTable(readme);
  const summaries = { ...readSummaries(root), [summary.stack]: summary };
  const sorted = Object.fromEntries(ordered(summaries).map((s) => [s.stack, s]));
  fs.writeFileSync(path.join(root, SUMMARIES_FILE), `${JSON.stringify(sorted, null, 2)}\n`);
  const begin = readme.indexOf(COST_TABLE_BEGIN) + COST_TABLE_BEGIN.length;
  fs.writeFileSync(readmeFile, `${readme.slice(0, begin)}\n${renderCostTable(sorted)}\n${readme.slice(readme.indexOf(COST_TABLE_END))}`);
  return `${README_FILE} and ${SUMMARIES_FILE} (${summary.stack})`;
}

/** What differs between the committed table and this environment's figures (empty: up to date). */
export function checkCostTable(root: string, summary: EnvironmentSummary): string[] {
  const summaries = readSummaries(root);
  const problems: string[] = [];
  const stored = summaries[summary.stack];
  if (stored === undefined) {
    problems.push(`${SUMMARIES_FILE} has no ${summary.stack} summary`);
  } else if (JSON.stringify(stored) !== JSON.stringify(summary)) {
    problems.push(`${SUMMARIES_FILE}: the ${summary.stack} summary differs from the plans (now ${costTableRow(summary)})`);
  }
  if (readmeTable(fs.readFileSync(path.join(root, README_FILE), "utf8")) !== renderCostTable(summaries)) {
    problems.push(`${README_FILE}: the table is not the rendering of ${SUMMARIES_FILE}`);
  }
  return problems;
}
