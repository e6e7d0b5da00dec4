import * as fs from "node:fs";
import * as path from "node:path";
import { Plan, PlanFileError, countsLine, countPlan, readPlanFile, synthesizedOutputs } from "@fin/plan";
import { EvaluateOptions, Violation, evaluatePlan } from "./evaluate";
import { POLICY_PACK_NAME } from "./policies";

export interface CliIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
}

/** The results of one plan, as written to `--out`. */
export interface PlanResult {
  readonly plan: string;
  readonly resources: number;
  readonly mandatory: number;
  readonly advisory: number;
  readonly violations: Violation[];
}

export interface CheckReport {
  readonly policyPack: string;
  readonly passed: boolean;
  readonly plans: PlanResult[];
}

export const USAGE = "usage: policy-check <preview.json>... [--out <results.json>]";

/**
 * StackReference outputs from the layers synthesized next to a plan: synth writes each layer of an
 * environment to `dist/<stack>/<layer>/` with `synth.json` (project, stack) and `mock-outputs.json`,
 * the same files the downstream synth reads its StackReferences from; a reference to another stack
 * is read from `dist/<that stack>/`.
 */
export function siblingStackOutputs(planFile: string): NonNullable<EvaluateOptions["stackOutputs"]> {
  const environmentDir = path.dirname(path.dirname(planFile));
  const byProjectStack = synthesizedOutputs(environmentDir);
  // `org/project/stack`: the org is whatever the layer was configured with, so match on the rest.
  // A reference to another environment (a guest network's host, issue 18: dist/pr-shared/ next to
  // dist/pr-1/) is read from that environment's directory.
  return (referenceName) => {
    const [project, stack] = referenceName.split("/").slice(-2);
    return byProjectStack.get(`${project}/${stack}`) ?? synthesizedOutputs(path.join(path.dirname(environmentDir), stack)).get(`${project}/${stack}`);
  };
}

function parseArgs(argv: readonly string[]): { plans: string[]; out?: string } | undefined {
  const plans: string[] = [];
  let out: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--out") {
      out = argv[++i];
      if (out === undefined) {
        return undefined;
      }
    } else if (argv[i].startsWith("--out=")) {
      out = argv[i].slice("--out=".length);
    } else if (argv[i].startsWith("-")) {
      return undefined;
    } else {
      plans.push(argv[i]);
    }
  }
  return plans.length > 0 ? { plans, ...(out ? { out } : {}) } : undefined;
}

/**
 * `policy-check <preview.json>... [--out results.json]`: evaluates the fin-platform pack against
 * each plan, prints every violation (policy, URN, message), writes the results as JSON when asked,
 * and returns 1 when any mandatory policy is violated, 2 on bad usage or an unreadable plan.
 */
export async function policyCheckCli(argv: readonly string[], io: CliIo, cwd: string): Promise<number> {
  const args = parseArgs(argv);
  if (!args) {
    io.err(USAGE);
    return 2;
  }
  const results: PlanResult[] = [];
  for (const file of args.plans) {
    const planPath = path.resolve(cwd, file);
    let plan: Plan;
    try {
      plan = readPlanFile(planPath, cwd);
    } catch (error) {
      io.err(`policy-check: ${(error as PlanFileError).message}`);
      return 2;
    }
    const { resources, violations } = await evaluatePlan(plan, { stackOutputs: siblingStackOutputs(planPath) });
    const mandatory = violations.filter((v) => v.enforcementLevel === "mandatory").length;
    const advisory = violations.length - mandatory;
    for (const v of violations) {
      io.out(`${v.enforcementLevel === "mandatory" ? "MANDATORY" : "advisory "} ${v.policy}  ${v.urn}\n    ${v.message}`);
    }
    // `resources` is countPlan(plan).total: the same count synth and plan print for this plan.
    io.out(`${file}: ${countsLine(countPlan(plan))}, ${mandatory} mandatory and ${advisory} advisory violations`);
    results.push({ plan: file, resources, mandatory, advisory, violations });
  }
  const passed = results.every((r) => r.mandatory === 0);
  if (args.out) {
    const outPath = path.resolve(cwd, args.out);
    fs.mkdirSync(path.dirname(outPath), { recursive: true });
    const report: CheckReport = { policyPack: POLICY_PACK_NAME, passed, plans: results };
    fs.writeFileSync(outPath, `${JSON.stringify(report, null, 2)}\n`);
  }
  return passed ? 0 : 1;
}
