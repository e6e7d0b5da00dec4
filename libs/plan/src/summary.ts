// The printed summary of a plan. Synth, policy-check and plan print these lines from `countPlan`,
// so the totals agree wherever the plan is shown.
import { PlanCounts } from "./model";

/** `55 resources (54 create, 1 read)`: the total and the split by operation, in first-seen order. */
export function countsLine(counts: PlanCounts): string {
  const ops = Object.entries(counts.byOperation).map(([op, n]) => `${n} ${op}`);
  return `${counts.total} resources (${ops.join(", ") || "none"})`;
}

/** One line per type, most numerous first (then by type), counts right-aligned. */
export function typeLines(counts: PlanCounts, indent = "  "): string[] {
  const entries = Object.entries(counts.byType).sort(([a, m], [b, n]) => n - m || a.localeCompare(b));
  const width = String(Math.max(0, ...entries.map(([, n]) => n))).length;
  return entries.map(([type, n]) => `${indent}${String(n).padStart(width)} ${type}`);
}
