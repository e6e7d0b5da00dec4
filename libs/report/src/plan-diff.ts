// `plan:diff --base=<ref>`: what a change does to an environment, offline. The base ref is
// synthesized in a temporary worktree by its own synth (@fin/plan synthesizeAtRef), the working tree's
// plans are the ones `npm run synth` wrote, and both are judged by ONE cost model (this lib's
// `estimate`) and ONE policy evaluator (@fin/policies `evaluatePlan`), so every delta shown is the
// infrastructure's change, not a change of the judges. The whole result is built before anything is
// printed: a failure prints one message and no half diff.
import * as path from "node:path";
import { LAYERS, Layer } from "@fin/config";
import { DIST_DIR, DiffFormat, Environment, EnvironmentDiff, LayerDiff, PlanFileError, diffEnvironments, layerCounts, readEnvironment, renderLayerDiff, synthesizeAtRef, unchanged } from "@fin/plan";
import { Violation, evaluatePlan } from "@fin/policies";
import { CostReport, LayerCost, estimate } from "./cost";
import { loadAssumptions, loadPriceBook } from "./data";
import { usd } from "./render";
import type { CliIo } from "./cli";

export const PLAN_DIFF_USAGE =
  "usage: plan-diff --base=<git ref> [--stack=<env>] [--format=text|markdown] [--dist=<dir>]   (npm run plan:diff -- --base=<ref> [-c <env>] [--format=markdown])";

const DATA_DIR = path.resolve(__dirname, "..", "data");

/** A policy result of one layer, as compared across the two plans. */
export interface Finding extends Violation {
  readonly layer: Layer;
}

export interface PolicyDelta {
  readonly appeared: readonly Finding[];
  readonly wentAway: readonly Finding[];
}

export interface CostDelta {
  readonly layer: Layer | "total";
  readonly before: number;
  readonly after: number;
  readonly delta: number;
}

export interface PlanDiffReport {
  readonly stack: string;
  readonly base: string;
  readonly commit: string;
  readonly diff: EnvironmentDiff;
  readonly cost: readonly CostDelta[];
  readonly policies: PolicyDelta;
}

/** The environment's monthly cost with the report's price book and assumptions (the same as `npm run report`). */
export function priceEnvironment(env: Environment): CostReport {
  const region = env.layers.flatMap((l) => l.regions)[0] ?? "us-east-2";
  const book = loadPriceBook(path.join(DATA_DIR, `prices-${region}.json`), region);
  return estimate(env, book, loadAssumptions(path.join(DATA_DIR, "assumptions.json")).values);
}

/** Every layer's policy results; StackReferences read the environment's own mock outputs, as policy-check does. */
export async function evaluateEnvironment(env: Environment): Promise<Finding[]> {
  const outputs = new Map(env.layers.map((l) => [`${l.project}/${l.stack}`, l.outputs as Record<string, unknown>]));
  const findings: Finding[] = [];
  for (const layer of env.layers) {
    const { violations } = await evaluatePlan(layer.plan, { stackOutputs: (name) => outputs.get(name.split("/").slice(-2).join("/")) });
    findings.push(...violations.map((v) => ({ ...v, layer: layer.layer })));
  }
  return findings;
}

const findingKey = (f: Finding): string => `${f.layer}\n${f.policy}\n${f.urn}\n${f.message}`;

/** Policy results present in one plan and not the other. */
export function policyDelta(before: readonly Finding[], after: readonly Finding[]): PolicyDelta {
  const was = new Set(before.map(findingKey));
  const is = new Set(after.map(findingKey));
  return { appeared: after.filter((f) => !was.has(findingKey(f))), wentAway: before.filter((f) => !is.has(findingKey(f))) };
}

const cents = (n: number): number => Math.round(n * 100) / 100;

/** Monthly cost per layer and in total, before and after. */
export function costDelta(before: CostReport, after: CostReport): CostDelta[] {
  // estimate() reports every layer of LAYERS.
  const at = (r: CostReport, layer: Layer): number => (r.layers.find((l) => l.layer === layer) as LayerCost).monthlyUsd;
  const rows: CostDelta[] = LAYERS.map((layer) => ({ layer, before: at(before, layer), after: at(after, layer), delta: cents(at(after, layer) - at(before, layer)) }));
  rows.push({ layer: "total", before: before.totalMonthlyUsd, after: after.totalMonthlyUsd, delta: cents(after.totalMonthlyUsd - before.totalMonthlyUsd) });
  return rows;
}

const signed = (n: number): string => (n > 0 ? `+${usd(n)}` : n === 0 ? "±$0.00" : usd(n));
const costLine = (c: CostDelta): string => `${usd(c.before)} -> ${usd(c.after)} per month (${signed(c.delta)})`;

function findingLine(f: Finding, symbol: string, md: boolean): string {
  const level = f.enforcementLevel === "mandatory" ? "MANDATORY" : "advisory";
  return md ? `- ${symbol} **${level}** \`${f.policy}\` on \`${f.urn.split("::").pop()}\`: ${f.message}` : `${symbol} ${level} ${f.policy} ${f.urn}\n    ${f.message}`;
}

/** The printed diff: a summary, then per layer the resources, the cost and the policy results that changed. */
export function renderPlanDiff(report: PlanDiffReport, format: DiffFormat): string[] {
  const md = format === "markdown";
  const total = report.cost.find((c) => c.layer === "total") as CostDelta;
  const changedLayers = report.diff.layers.filter((d) => !unchanged(d));
  const warnings = report.diff.layers.flatMap((d) => d.warnings);
  const title = `plan diff ${report.stack}: base ${report.base} (${report.commit.slice(0, 7)}) -> working tree`;
  const summary = [
    `${changedLayers.length} of ${report.diff.layers.length} layers change${warnings.length > 0 ? `, ${warnings.length} stateful resource(s) replaced or deleted` : ""}`,
    `cost ${costLine(total)}`,
    `policies: ${report.policies.appeared.length} result(s) appeared, ${report.policies.wentAway.length} went away`,
  ];
  const lines = md ? [`### ${title}`, "", ...summary.map((s) => `- ${s}`)] : [title, ...summary.map((s) => `  ${s}`)];
  for (const d of report.diff.layers) {
    lines.push(...layerSection(d, report, md));
  }
  return lines;
}

function layerSection(d: LayerDiff, report: PlanDiffReport, md: boolean): string[] {
  const cost = report.cost.find((c) => c.layer === d.layer) as CostDelta;
  const appeared = report.policies.appeared.filter((f) => f.layer === d.layer);
  const wentAway = report.policies.wentAway.filter((f) => f.layer === d.layer);
  const head = `${d.layer}: ${unchanged(d) ? "no change" : layerCounts(d)}`;
  const body: string[] = [...renderLayerDiff(d, md ? "markdown" : "text")];
  if (cost.delta !== 0) {
    body.push(md ? `- cost: ${costLine(cost)}` : `cost: ${costLine(cost)}`);
  }
  appeared.forEach((f) => body.push(findingLine(f, "+", md)));
  wentAway.forEach((f) => body.push(findingLine(f, "-", md)));
  if (md) {
    return ["", `#### ${head}`, ...(body.length > 0 ? ["", ...body] : [])];
  }
  return ["", head, ...body.map((l) => `  ${l.replace(/\n/g, "\n  ")}`)];
}

function parseArgs(argv: readonly string[]): Map<string, string> | undefined {
  const flags = new Map<string, string>();
  for (const arg of argv) {
    const match = /^--(base|stack|format|dist)=(.+)$/.exec(arg);
    if (!match) {
      return undefined;
    }
    flags.set(match[1], match[2]);
  }
  const format = flags.get("format") ?? "text";
  return flags.has("base") && (format === "text" || format === "markdown") ? flags : undefined;
}

/**
 * `plan-diff --base=<ref> [--stack=<env>] [--format=markdown]`: synthesizes the environment at the
 * base ref and diffs it against the working tree's synthesized plans (`dist/<stack>/`). Returns the
 * exit code: 0 with the diff printed, 1 with one message on stderr (bad ref, failing base synth, an
 * invalid plan file), 2 on bad usage.
 */
export async function planDiffCli(argv: readonly string[], io: CliIo, root: string): Promise<number> {
  const flags = parseArgs(argv);
  if (!flags) {
    io.err(PLAN_DIFF_USAGE);
    return 2;
  }
  const base = flags.get("base") as string;
  const stack = flags.get("stack") ?? "dev";
  const format = (flags.get("format") ?? "text") as DiffFormat;
  const distRoot = path.resolve(root, flags.get("dist") ?? DIST_DIR);
  let head: Environment;
  try {
    head = readEnvironment(distRoot, stack, root);
  } catch (error) {
    io.err(`plan:diff: working tree: ${(error as Error).message}`);
    return 1;
  }
  let checkout;
  try {
    checkout = synthesizeAtRef({ root, ref: base, stack });
  } catch (error) {
    io.err(`plan:diff: ${(error as Error).message}`);
    return 1;
  }
  try {
    const before = readEnvironment(path.join(checkout.dir, DIST_DIR), stack, checkout.dir);
    const report: PlanDiffReport = {
      stack,
      base,
      commit: checkout.commit,
      diff: diffEnvironments(before, head),
      cost: costDelta(priceEnvironment(before), priceEnvironment(head)),
      policies: policyDelta(await evaluateEnvironment(before), await evaluateEnvironment(head)),
    };
    renderPlanDiff(report, format).forEach((line) => io.out(line));
    return 0;
  } catch (error) {
    if (error instanceof PlanFileError) {
      io.err(`plan:diff: base ref ${base}: ${error.message}`);
      return 1;
    }
    throw error;
  } finally {
    checkout.remove();
  }
}
