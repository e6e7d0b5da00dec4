import type { CheckResult } from "./check";

export interface ReportSummary {
  readonly total: number;
  readonly passed: number;
  readonly failed: number;
  readonly errors: number;
  readonly skipped: number;
  /** Checks of something not there yet by design (a service waiting for its image). */
  readonly waiting: number;
  /** Could not be decided (access denied, API missing, throttled after every retry): never a pass. */
  readonly unknown: number;
  /** Not expected to hold yet (a young environment's first backup, a service waiting for its image). */
  readonly pending: number;
}

/** What `integration.<stack>.json` holds. */
export interface IntegrationReport {
  readonly layer: string;
  readonly stack: string;
  readonly region: string;
  /** Set when the run went to an emulator or a private endpoint rather than AWS's public one. */
  readonly endpoint: string | null;
  readonly account: string;
  readonly startedAt: string;
  readonly durationMs: number;
  /** True only when every check that ran passed and at least one ran. */
  readonly passed: boolean;
  readonly summary: ReportSummary;
  readonly results: readonly CheckResult[];
}

export function summarize(results: readonly CheckResult[]): ReportSummary {
  const count = (status: CheckResult["status"]) => results.filter((r) => r.status === status).length;
  return {
    total: results.length,
    passed: count("pass"),
    failed: count("fail"),
    errors: count("error"),
    skipped: count("skipped"),
    waiting: count("waiting"),
    unknown: count("unknown"),
    pending: count("pending"),
  };
}

/** Nothing failed, errored or stayed undecided, and something passed. Pending is not a failure. */
export function isPassing(summary: ReportSummary): boolean {
  return summary.failed === 0 && summary.errors === 0 && summary.unknown === 0 && summary.passed > 0;
}

const LABEL: Record<CheckResult["status"], string> = {
  pass: "PASS ",
  fail: "FAIL ",
  pending: "PEND ",
  unknown: "UNKN ",
  error: "ERROR",
  skipped: "SKIP ",
  waiting: "WAIT ",
};

const show = (value: unknown) => JSON.stringify(value);

function detail(r: CheckResult): string {
  switch (r.status) {
    case "pass":
      return `observed ${show(r.observed)}`;
    case "fail":
      return `expected ${show(r.expected)}\n         observed ${show(r.observed)}`;
    case "error":
      return `${r.error!.kind}: ${r.error!.code}: ${r.error!.message}${r.attempts > 1 ? ` (after ${r.attempts} attempts)` : ""}`;
    case "skipped":
      return "skipped on request (--skip)";
    case "waiting":
      return `${r.waiting}\n         observed ${show(r.observed)}`;
    case "pending":
    case "unknown":
      return `${r.reason}${r.observed === undefined ? "" : `\n         observed ${show(r.observed)}`}${r.attempts > 1 ? ` (after ${r.attempts} attempts)` : ""}`;
  }
}

/** The human-readable report: one block per check, failures first so they are not scrolled away. */
export function formatReport(report: IntegrationReport, jsonPath: string): string {
  const order: CheckResult["status"][] = ["fail", "error", "unknown", "pending", "waiting", "skipped", "pass"];
  const sorted = [...report.results].sort((a, b) => order.indexOf(a.status) - order.indexOf(b.status));
  const s = report.summary;
  return [
    `integration ${report.layer}/${report.stack}: account ${report.account}, region ${report.region}${report.endpoint ? `, endpoint ${report.endpoint}` : ""}`,
    ...sorted.map((r) => `  ${LABEL[r.status]} ${r.id}  ${r.title}  [${r.resource}]\n         ${detail(r)}`),
    `${report.passed ? (s.waiting > 0 ? "PASSED, WAITING" : "PASSED") : "FAILED"}: ${s.passed} passed, ${s.failed} failed, ${s.errors} errors, ${s.skipped} skipped` +
      `${s.unknown > 0 ? `, ${s.unknown} unknown` : ""}${s.pending > 0 ? `, ${s.pending} pending` : ""}${s.waiting > 0 ? `, ${s.waiting} waiting` : ""} of ${s.total} checks ` +
      `in ${(report.durationMs / 1000).toFixed(1)}s -> ${jsonPath}`,
  ].join("\n");
}
