// `audit <stackDir> --stack=<env>`: the live half of `nx run-many -t audit`. The orchestration has
// just written the layer's drift check (dist/<env>/<layer>/drift.json, a read-only
// `pulumi preview --expect-no-changes --refresh --json`); this runs the layer's live checks, writes
// dist/<env>/<layer>/audit.json and then rebuilds the environment's report, dist/<env>/audit.{json,md},
// from every layer audited so far: each requirement (requirements.ts) pass / fail / pending / unknown
// with its evidence, and the drifted resources and properties.
import * as fs from "node:fs";
import * as path from "node:path";
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { LAYERS, Layer } from "@fin/config";
import { CheckResult, RunOptions, matchingCheckIds, runChecks } from "./check";
import { AwsClients, createClients, destroyClients } from "./clients";
import { DEFAULT_WAIT_SECONDS, WaitOptions } from "./checks/ecs-live";
import { ClassifiedError, classifyAwsError } from "./errors";
import { readExpectations } from "./expectations";
import { DeployedOutputs, checksForLayer } from "./layers";
import { MissingPrerequisiteError, loadLayerOutputs, loadNetworkHost } from "./outputs";
import { parseLayerInvocation } from "./invocation";
import { AUDIT_REQUIREMENTS } from "./requirements";
import type { CliIo } from "./cli";

/** What the orchestration's drift check wrote (tools/orchestration/src/drift.ts DriftReport). */
export interface DriftRecord {
  readonly status: "none" | "drift" | "failed";
  readonly command?: string;
  readonly checkedAt?: string;
  readonly resources: readonly { readonly urn: string; readonly type: string; readonly name: string; readonly op: string; readonly properties: readonly string[] }[];
  readonly message?: string;
}

export interface LayerAudit {
  readonly layer: Layer;
  readonly stack: string;
  readonly account: string;
  readonly region: string;
  readonly auditedAt: string;
  readonly drift: DriftRecord;
  readonly results: readonly CheckResult[];
}

export type Verdict = "pass" | "fail" | "pending" | "unknown";

export interface RequirementVerdict {
  readonly id: string;
  readonly source: string;
  readonly status: Verdict;
  readonly evidence: readonly string[];
}

export interface EnvironmentAudit {
  readonly stack: string;
  readonly generatedAt: string;
  readonly passed: boolean;
  readonly summary: Readonly<Record<Verdict, number>> & { readonly drifted: number };
  readonly layers: readonly { readonly layer: Layer; readonly auditedAt: string; readonly account: string; readonly drift: DriftRecord["status"]; readonly checks: number }[];
  readonly requirements: readonly RequirementVerdict[];
  readonly drift: readonly (DriftRecord["resources"][number] & { readonly layer: Layer })[];
}

export interface AuditDeps {
  readonly now?: () => number;
  readonly run?: RunOptions;
  readonly wait?: Partial<WaitOptions>;
  readonly clients?: (region: string, endpoint: string | undefined) => AwsClients;
}

const USAGE =
  "usage: audit <stack-dir> --stack=<name> [--dist=<dir>] [--wait-seconds=<n>]\n" +
  "  run by `nx run <layer>:audit -c <env>` after the drift check; reads dist/<env>/<layer>/{drift,outputs}.json,\n" +
  "  writes dist/<env>/<layer>/audit.json and dist/<env>/audit.{json,md}.";

const CREDENTIALS_HELP = "Sign in first, e.g. `aws sso login --profile <profile>` and `export AWS_PROFILE=<profile>` (docs/deploy.md).";

const STATUS_RANK: readonly Verdict[] = ["fail", "unknown", "pending", "pass"];

/** One check's result as a requirement verdict: errors are fails (the resource is gone or broken), skips unknown. */
function verdictOf(r: CheckResult): Verdict {
  switch (r.status) {
    case "pass":
    case "fail":
    case "pending":
    case "unknown":
      return r.status;
    case "error":
      // The runner gives every "error" its classified error.
      return (r.error as ClassifiedError).kind === "not-found" ? "fail" : "unknown";
    case "skipped":
      return "unknown";
    case "waiting":
      // A service waiting for its first image (ADR 0013): expected, not yet a pass.
      return "pending";
  }
}

const show = (value: unknown) => JSON.stringify(value);

function evidenceOf(layer: Layer, r: CheckResult): string {
  const detail =
    r.status === "pass"
      ? `observed ${show(r.observed)}`
      : r.status === "fail"
        ? `expected ${show(r.expected)}, observed ${show(r.observed)}`
        : r.status === "skipped"
          ? "skipped on request"
          : r.status === "waiting"
            ? (r.waiting as string)
            : (r.reason as string);
  return `${layer} ${r.id} ${r.status}: ${detail}`;
}

/** Each requirement's verdict from the layers audited: the worst of its live checks, or the drift check when it has none. */
export function judgeRequirements(audits: readonly LayerAudit[]): RequirementVerdict[] {
  return AUDIT_REQUIREMENTS.map((req) => {
    const audited = audits.filter((a) => req.layers.includes(a.layer));
    const evidence: string[] = [];
    const verdicts: Verdict[] = [];
    for (const a of audited) {
      const ids = new Set(req.checks.flatMap((id) => matchingCheckIds(a.results, id)));
      for (const r of a.results.filter((x) => ids.has(x.id))) {
        verdicts.push(verdictOf(r));
        evidence.push(evidenceOf(a.layer, r));
      }
    }
    const missing = req.layers.filter((l) => !audits.some((a) => a.layer === l));
    if (verdicts.length === 0) {
      // Proven through the code: the policy pack holds the code to it, the drift check holds AWS to the code.
      for (const a of audited) {
        const d = a.drift;
        verdicts.push(d.status === "none" ? "pass" : "unknown");
        evidence.push(
          d.status === "none"
            ? `${a.layer} matches its code (no drift), which the policy pack holds to this rule`
            : d.status === "drift"
              ? `${a.layer} drifted (${d.resources.length} resources differ from the code), so the code no longer proves it`
              : `${a.layer} drift check failed: ${d.message ?? "unknown"}`,
        );
      }
    }
    if (missing.length > 0) {
      verdicts.push("unknown");
      evidence.push(`not audited: ${missing.join(", ")}`);
    }
    const status = STATUS_RANK.find((s) => verdicts.includes(s)) as Verdict;
    return { id: req.id, source: req.source, status, evidence };
  });
}

export function environmentAudit(stack: string, audits: readonly LayerAudit[], generatedAt: string): EnvironmentAudit {
  const requirements = judgeRequirements(audits);
  const count = (s: Verdict) => requirements.filter((r) => r.status === s).length;
  const drift = audits.flatMap((a) => a.drift.resources.map((r) => ({ layer: a.layer, ...r })));
  const undecidedDrift = audits.some((a) => a.drift.status !== "none");
  const summary = { pass: count("pass"), fail: count("fail"), pending: count("pending"), unknown: count("unknown"), drifted: drift.length };
  return {
    stack,
    generatedAt,
    passed: summary.fail === 0 && summary.unknown === 0 && !undecidedDrift,
    summary,
    layers: audits.map((a) => ({ layer: a.layer, auditedAt: a.auditedAt, account: a.account, drift: a.drift.status, checks: a.results.length })),
    requirements,
    drift,
  };
}

const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");

/** The Markdown report: verdicts first, then what drifted, then every requirement with its evidence. */
export function renderAuditMarkdown(report: EnvironmentAudit): string {
  const s = report.summary;
  const order = [...report.requirements].sort((a, b) => STATUS_RANK.indexOf(a.status) - STATUS_RANK.indexOf(b.status));
  return [
    `# Audit of ${report.stack}`,
    "",
    `${report.passed ? "PASSED" : "FAILED"}: ${s.pass} pass, ${s.fail} fail, ${s.pending} pending, ${s.unknown} unknown of ${report.requirements.length} requirements; ${s.drifted} drifted resources. Generated ${report.generatedAt}.`,
    "",
    "| layer | audited | account | drift | live checks |",
    "|---|---|---|---|---|",
    ...report.layers.map((l) => `| ${l.layer} | ${l.auditedAt} | ${l.account} | ${l.drift} | ${l.checks} |`),
    "",
    "## Drift",
    "",
    ...(report.drift.length === 0
      ? ["No resource differs from the code."]
      : ["| layer | resource | type | op | properties |", "|---|---|---|---|---|", ...report.drift.map((d) => `| ${d.layer} | ${cell(d.name)} | ${d.type} | ${d.op} | ${cell(d.properties.join(", "))} |`)]),
    "",
    "## Requirements",
    "",
    "| requirement | source | status | evidence |",
    "|---|---|---|---|",
    ...order.map((r) => `| ${r.id} | ${r.source} | ${r.status.toUpperCase()} | ${cell(r.evidence.join("; "))} |`),
    "",
  ].join("\n");
}

function writeAtomic(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const partial = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(partial, text);
  fs.renameSync(partial, file);
}

/**
 * Layers of one environment are audited in parallel (run-many), each rebuilding the report: a lock
 * directory (mkdir is atomic) makes "read every layer, write the report" one step, so the last
 * writer has seen every layer written before it. A lock older than a minute is a crashed run's.
 */
export function withLock<T>(dir: string, body: () => T, now: () => number = Date.now): T {
  const lock = path.join(dir, ".audit.lock");
  fs.mkdirSync(dir, { recursive: true });
  for (const started = now(); ; ) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch {
      if (now() - fs.statSync(lock).mtimeMs > 60_000 || now() - started > 30_000) {
        fs.rmSync(lock, { recursive: true, force: true });
        continue;
      }
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
    }
  }
  try {
    return body();
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

/** Rebuilds dist/<env>/audit.{json,md} from the layers' audit.json files present. */
export function writeEnvironmentReport(distRoot: string, stack: string, generatedAt: string): EnvironmentAudit {
  const dir = path.join(distRoot, stack);
  return withLock(dir, () => {
    const audits = LAYERS.map((l) => path.join(dir, l, "audit.json"))
      .filter((f) => fs.existsSync(f))
      .map((f) => JSON.parse(fs.readFileSync(f, "utf8")) as LayerAudit);
    const report = environmentAudit(stack, audits, generatedAt);
    writeAtomic(path.join(dir, "audit.json"), `${JSON.stringify(report, null, 2)}\n`);
    writeAtomic(path.join(dir, "audit.md"), renderAuditMarkdown(report));
    return report;
  });
}

const ARN_ACCOUNT = /^arn:aws[a-z-]*:[a-z0-9-]+:([a-z0-9-]*):(\d{12}):/;

/**
 * Outputs that belong to another environment: ARNs in another account or region than the one the
 * credentials and AWS_REGION point at (dev and prod live in different accounts, docs/deploy.md §2).
 */
export function foreignOutputs(outputs: Partial<DeployedOutputs>, account: string, region: string): string[] {
  const problems: string[] = [];
  // Nested values too: compute's ARNs sit per service under `services.<name>` (ADR 0017).
  const visit = (where: string, value: unknown): void => {
    if (value !== null && typeof value === "object" && !Array.isArray(value)) {
      Object.entries(value as Record<string, unknown>).forEach(([key, inner]) => visit(`${where}.${key}`, inner));
      return;
    }
    const match = typeof value === "string" ? ARN_ACCOUNT.exec(value) : null;
    if (match && (match[2] !== account || (match[1] !== "" && match[1] !== region))) {
      problems.push(`${where} is in account ${match[2]}${match[1] ? `, region ${match[1]}` : ""}`);
    }
  };
  Object.entries(outputs).forEach(([layer, values]) => visit(layer, values));
  return problems;
}

function readDrift(distRoot: string, layer: Layer, stack: string, workspaceRoot: string): DriftRecord {
  const file = path.join(distRoot, stack, layer, "drift.json");
  if (!fs.existsSync(file)) {
    throw new MissingPrerequisiteError(
      `no drift check for ${layer}/${stack}: ${path.relative(workspaceRoot, file)} does not exist. Run the whole audit: npx nx run ${layer}:audit -c ${stack}`,
    );
  }
  return JSON.parse(fs.readFileSync(file, "utf8")) as DriftRecord;
}

export async function auditCli(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  io: CliIo,
  workspaceRoot: string,
  deps: AuditDeps = {},
): Promise<number> {
  const { flags, positional, stack, layer, distRoot, region, endpoint } = parseLayerInvocation(argv, env, workspaceRoot);
  const waitSeconds = Number(flags.get("wait-seconds") ?? DEFAULT_WAIT_SECONDS);
  if (positional.length !== 1 || !stack || !LAYERS.includes(layer) || !Number.isInteger(waitSeconds) || waitSeconds < 0) {
    io.err(USAGE);
    return 2;
  }
  const now = deps.now ?? Date.now;
  const fail = (reason: string) => {
    io.err(`audit ${layer}/${stack} cannot run: ${reason}`);
    return 1;
  };

  let outputs: Partial<DeployedOutputs>;
  let drift: DriftRecord;
  let host;
  try {
    drift = readDrift(distRoot, layer, stack, workspaceRoot);
    outputs = loadLayerOutputs(distRoot, layer, stack, workspaceRoot);
    host = loadNetworkHost(distRoot, layer, stack, workspaceRoot);
  } catch (error) {
    return fail((error as MissingPrerequisiteError).message);
  }
  const aws = (deps.clients ?? ((r, e) => createClients({ region: r, ...(e ? { endpoint: e } : {}) })))(region, endpoint);
  try {
    let account: string;
    try {
      account = (await aws.sts.send(new GetCallerIdentityCommand({}))).Account ?? "unknown";
    } catch (error) {
      const { kind, code, message } = classifyAwsError(error);
      return fail(
        code === "CredentialsProviderError"
          ? `no AWS credentials found (${message}). ${CREDENTIALS_HELP}`
          : kind === "access-denied"
            ? `the AWS credentials were rejected (${code}: ${message}). ${CREDENTIALS_HELP}`
            : `could not confirm the AWS identity (${code}: ${message})`,
      );
    }
    const foreign = foreignOutputs(outputs, account, region);
    if (foreign.length > 0) {
      return fail(
        `the outputs in ${path.relative(workspaceRoot, path.join(distRoot, stack))} are not from this environment's account ${account} and region ${region}: ` +
          `${foreign.join("; ")}. Use the ${stack} account's credentials, or refresh the outputs: npx nx run-many -t outputs -c ${stack}`,
      );
    }
    const expectations = readExpectations(distRoot, stack, layer, workspaceRoot);
    const checks = checksForLayer(layer, outputs, region, { expectations, now, wait: { waitSeconds, ...deps.wait }, ...(host ? { host } : {}) });
    const results = await runChecks(checks, aws, { now, ...deps.run });
    const audit: LayerAudit = { layer, stack, account, region, auditedAt: new Date(now()).toISOString(), drift, results };
    writeAtomic(path.join(distRoot, stack, layer, "audit.json"), `${JSON.stringify(audit, null, 2)}\n`);
    const report = writeEnvironmentReport(distRoot, stack, audit.auditedAt);
    const mine = results.filter((r) => r.status !== "pass");
    mine.forEach((r) => io.err(`  ${r.status.toUpperCase().padEnd(7)} ${r.id}  ${r.reason ?? `expected ${show(r.expected)}, observed ${show(r.observed)}`}`));
    const layerFailed = drift.status !== "none" || results.some((r) => r.status === "fail" || r.status === "error" || r.status === "unknown");
    (layerFailed ? io.err : io.out)(
      `audit ${layer}/${stack}: ${results.filter((r) => r.status === "pass").length} of ${results.length} checks pass, drift ${drift.status}; ` +
        `environment so far: ${report.summary.fail} fail, ${report.summary.unknown} unknown, ${report.summary.pending} pending -> ${path.relative(workspaceRoot, path.join(distRoot, stack, "audit.md"))}`,
    );
    return layerFailed ? 1 : 0;
  } finally {
    destroyClients(aws);
  }
}
