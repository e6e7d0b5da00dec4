import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { DescribeKeyCommand, GetKeyRotationStatusCommand, KMSClient } from "@aws-sdk/client-kms";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { mockClient } from "aws-sdk-client-mock";
import { AUDIT_REQUIREMENTS } from "../src/requirements";
import { DriftRecord, LayerAudit, auditCli, environmentAudit, foreignOutputs, judgeRequirements, renderAuditMarkdown, withLock, writeEnvironmentReport } from "../src/audit";
import type { CheckResult } from "../src/check";
import { computeExpectations, dataExpectations, readExpectations } from "../src/expectations";
import { input, planned, readSynthesizedPlans, required } from "../src/plan";
import { ACCOUNT, OUTPUTS, awsError } from "./support/fixtures";

const sts = mockClient(STSClient);
const kms = mockClient(KMSClient);
const WORKSPACE = path.resolve(__dirname, "..", "..", "..");

const NO_DRIFT: DriftRecord = { status: "none", command: "pulumi preview --expect-no-changes --refresh --json --stack dev --non-interactive", checkedAt: "2026-12-01T06:00:00.000Z", resources: [] };
const DRIFT: DriftRecord = {
  status: "drift",
  resources: [{ urn: "urn:pulumi:dev::fin-data::aws:s3/bucketVersioning:BucketVersioning::lake-raw", type: "aws:s3/bucketVersioning:BucketVersioning", name: "lake-raw", op: "update", properties: ["versioningConfiguration"] }],
};
const result = (id: string, status: CheckResult["status"], extra: Partial<CheckResult> = {}): CheckResult => ({ id, title: id, resource: "r", status, expected: 30, observed: 30, attempts: 1, durationMs: 1, ...extra });
const layerAudit = (layer: LayerAudit["layer"], drift: DriftRecord, results: CheckResult[]): LayerAudit => ({ layer, stack: "dev", account: ACCOUNT, region: "us-east-2", auditedAt: "2026-12-01T06:01:00.000Z", drift, results });

describe("the requirements an audit reports on", () => {
  it("are every policy of libs/policies/RULES.md, plus the platform's behaviour", () => {
    const rules = fs.readFileSync(path.join(WORKSPACE, "libs", "policies", "RULES.md"), "utf8");
    const policies = rules
      .split("## Exemptions")[0]
      .split("\n")
      .map((line) => /^\| `([a-z0-9-]+)` \|/.exec(line)?.[1])
      .filter((id): id is string => id !== undefined);
    expect(policies).toHaveLength(52);
    expect(AUDIT_REQUIREMENTS.filter((r) => r.source === "RULES.md").map((r) => r.id)).toEqual(policies);
    expect(AUDIT_REQUIREMENTS.filter((r) => r.source === "platform-requirements.md").map((r) => r.id)).toEqual([
      "vpc-three-availability-zones",
      "vpc-endpoints-available",
      "aurora-serverless-v2-writer-and-reader",
      "backup-recovery-point-daily",
      "service-stable-with-desired-tasks",
      "tasks-on-fargate-spot",
      "tasks-across-availability-zones",
      "service-autoscaling-registered",
      "alb-targets-healthy",
    ]);
  });
});

describe("judgeRequirements", () => {
  const byId = (audits: LayerAudit[]) => Object.fromEntries(judgeRequirements(audits).map((r) => [r.id, r]));

  it("takes the worst live check, and the drift check where no live check applies", () => {
    const verdicts = byId([
      layerAudit("security", NO_DRIFT, [result("kms.database", "pass"), result("kms.logs", "pass"), result("kms.storage", "pass"), result("kms.backup", "pass")]),
      layerAudit("data", DRIFT, [
        result("s3.raw.versioning", "fail", { expected: "Enabled", observed: "Suspended" }),
        result("s3.processed.versioning", "pass"),
        result("backup.recent-recovery-point", "pending", { reason: "the cluster is 3 hours old" }),
        result("kinesis.encryption", "unknown", { reason: "access-denied: AccessDeniedException: no" }),
        result("aurora.iam-auth", "error", { error: { kind: "not-found", code: "DBClusterNotFoundFault", message: "gone" }, reason: "not-found: DBClusterNotFoundFault: gone" }),
        result("aurora.deletion-protection", "error", { error: { kind: "aws-error", code: "InternalFailure", message: "x" }, reason: "aws-error: InternalFailure: x" }),
        result("aurora.master-secret", "skipped"),
      ]),
    ]);
    expect(verdicts["key-rotation-enabled"]).toEqual({
      id: "key-rotation-enabled",
      source: "RULES.md",
      status: "pass",
      evidence: ["security kms.database pass: observed 30", "security kms.logs pass: observed 30", "security kms.storage pass: observed 30", "security kms.backup pass: observed 30"],
    });
    expect(verdicts["key-deletion-window-allowed"]).toMatchObject({ status: "pass", evidence: ["security matches its code (no drift), which the policy pack holds to this rule"] });
    expect(verdicts["bucket-versioning-enabled"]).toMatchObject({ status: "fail", evidence: ['data s3.raw.versioning fail: expected "Enabled", observed "Suspended"', "data s3.processed.versioning pass: observed 30"] });
    expect(verdicts["backup-recovery-point-daily"]).toMatchObject({ status: "pending", evidence: ["data backup.recent-recovery-point pending: the cluster is 3 hours old"] });
    expect(verdicts["stream-encrypted-with-customer-key"]).toMatchObject({ status: "unknown" });
    expect(verdicts["aurora-iam-authentication-enabled"].status).toBe("fail");
    expect(verdicts["aurora-deletion-protection-disabled"].status).toBe("unknown");
    expect(verdicts["secret-encrypted-with-customer-key"]).toMatchObject({ status: "unknown", evidence: ["data aurora.master-secret skipped: skipped on request"] });
    expect(verdicts["aurora-skips-final-snapshot"]).toMatchObject({ status: "unknown", evidence: ["data drifted (1 resources differ from the code), so the code no longer proves it"] });
    expect(verdicts["no-nat-gateway"]).toMatchObject({ status: "unknown", evidence: ["not audited: network"] });
    expect(verdicts["resources-not-protected"]).toMatchObject({
      status: "unknown",
      evidence: ["security matches its code (no drift), which the policy pack holds to this rule", "data drifted (1 resources differ from the code), so the code no longer proves it", "not audited: network, compute"],
    });
  });

  it("counts a service waiting for its first image (ADR 0013) as pending", () => {
    const waiting = result("ecs.service.tasks-running", "waiting", { waiting: "waiting for image 123456789012.dkr.ecr.us-east-2.amazonaws.com/analytics-api-dev:1.0.0" });
    expect(byId([layerAudit("compute", NO_DRIFT, [result("ecs.service.stable", "pending", { reason: "waiting for image r:1" }), waiting])])["service-stable-with-desired-tasks"]).toEqual({
      id: "service-stable-with-desired-tasks",
      source: "platform-requirements.md",
      status: "pending",
      evidence: ["compute ecs.service.stable pending: waiting for image r:1", "compute ecs.service.tasks-running waiting: waiting for image 123456789012.dkr.ecr.us-east-2.amazonaws.com/analytics-api-dev:1.0.0"],
    });
  });

  it("reports a failed drift check as unknown", () => {
    const failed: DriftRecord = { status: "failed", resources: [], message: "pulumi preview exited 255 without a JSON plan" };
    expect(byId([layerAudit("security", failed, [])])["key-deletion-window-allowed"]).toMatchObject({ status: "unknown", evidence: ["security drift check failed: pulumi preview exited 255 without a JSON plan"] });
    expect(byId([layerAudit("security", { status: "failed", resources: [] }, [])])["key-deletion-window-allowed"].evidence).toEqual(["security drift check failed: unknown"]);
  });
});

describe("environmentAudit and its Markdown", () => {
  it("passes only with no fail, no unknown and no drift, and lists what drifted", () => {
    const layers = ["security", "network", "data", "compute"] as const;
    const clean = environmentAudit("dev", layers.map((l) => layerAudit(l, NO_DRIFT, [])), "2026-12-01T06:02:00.000Z");
    expect(clean).toMatchObject({ passed: true, summary: { pass: 61, fail: 0, pending: 0, unknown: 0, drifted: 0 } });
    const drifted = environmentAudit("dev", [layerAudit("security", NO_DRIFT, []), layerAudit("network", NO_DRIFT, []), layerAudit("data", DRIFT, []), layerAudit("compute", NO_DRIFT, [])], "t");
    expect(drifted.passed).toBe(false);
    expect(drifted.drift).toEqual([{ layer: "data", ...DRIFT.resources[0] }]);
    const md = renderAuditMarkdown(drifted);
    expect(md.split("\n").slice(0, 3)).toEqual(["# Audit of dev", "", expect.stringMatching(/^FAILED: \d+ pass, 0 fail, 0 pending, \d+ unknown of 61 requirements; 1 drifted resources\. Generated t\.$/)]);
    expect(md).toContain("| data | lake-raw | aws:s3/bucketVersioning:BucketVersioning | update | versioningConfiguration |");
    expect(md).toContain("| data | 2026-12-01T06:01:00.000Z | 123456789012 | drift | 0 |");
    expect(renderAuditMarkdown(clean)).toContain("## Drift\n\nNo resource differs from the code.");
    // A pipe in evidence must not break the table.
    const piped = environmentAudit("dev", [layerAudit("security", NO_DRIFT, [result("kms.logs", "fail", { expected: "a|b", observed: "c\nd" })])], "t");
    expect(renderAuditMarkdown(piped)).toContain('security kms.logs fail: expected "a\\|b", observed "c\\nd"');
  });
});

describe("withLock", () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "verify-lock-"))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("runs the body holding the lock and releases it, also on failure", () => {
    expect(withLock(dir, () => fs.existsSync(path.join(dir, ".audit.lock")))).toBe(true);
    expect(fs.existsSync(path.join(dir, ".audit.lock"))).toBe(false);
    expect(() => withLock(dir, () => { throw new Error("boom"); })).toThrow("boom");
    expect(fs.existsSync(path.join(dir, ".audit.lock"))).toBe(false);
  });

  it("waits for a held lock and breaks one left by a crashed run", () => {
    fs.mkdirSync(path.join(dir, ".audit.lock"));
    let t = Date.now();
    // Each look moves the clock 10 s: the first finds the lock fresh and waits, the second is past
    // the 30 s bound and breaks it.
    const looks: number[] = [];
    expect(withLock(dir, () => "ran", () => (looks.push(t), (t += 10_000)))).toBe("ran");
    expect(looks).toHaveLength(5);
  });
});

describe("foreignOutputs", () => {
  it("names the outputs whose ARNs sit in another account or region", () => {
    expect(foreignOutputs(OUTPUTS, ACCOUNT, "us-east-2")).toEqual([]);
    expect(foreignOutputs({ security: OUTPUTS.security }, "222222222222", "us-east-2")).toHaveLength(4);
    expect(foreignOutputs({ compute: OUTPUTS.compute }, "222222222222", "us-east-2")).toContain("compute.services.api.executionRoleArn is in account 123456789012");
    expect(foreignOutputs({ compute: OUTPUTS.compute }, ACCOUNT, "eu-west-1")).toEqual([
      "compute.clusterArn is in account 123456789012, region us-east-2",
      "compute.albArn is in account 123456789012, region us-east-2",
      "compute.services.api.serviceArn is in account 123456789012, region us-east-2",
      "compute.services.api.taskDefinitionArn is in account 123456789012, region us-east-2",
      "compute.services.api.repositoryArn is in account 123456789012, region us-east-2",
      "compute.services.api.targetGroupArn is in account 123456789012, region us-east-2",
]);
  });
});

describe("readExpectations", () => {
  it("reads the configured numbers and names from the environment's synthesized plans", () => {
    const plans = readSynthesizedPlans(path.join(WORKSPACE, "dist"), "dev", WORKSPACE);
    const target = planned(plans, "compute", "aws:appautoscaling/target:Target").find((t) => String(input(t, "resourceId")).endsWith("/api-service-dev"))!;
    const compute = readExpectations(path.join(WORKSPACE, "dist"), "dev", "compute", WORKSPACE).compute!;
    expect(Object.keys(compute.services).sort()).toEqual(["api", "ingest", "processor"]);
    expect(compute.https).toBe(false);
    expect(compute.services.api).toMatchObject({ minTasks: required(target, "minCapacity", "number"), maxTasks: required(target, "maxCapacity", "number"), onDemandBaseTasks: 0 });
    expect(compute.services.api.trackingPolicies.map((p) => p.metric).sort()).toEqual(["ECSServiceAverageCPUUtilization", "ECSServiceAverageMemoryUtilization"]);
    const data = readExpectations(path.join(WORKSPACE, "dist"), "dev", "data", WORKSPACE).data!;
    expect(data).toEqual({ writer: `aurora-analytics-writer-${plans.outputs.data.clusterIdentifier.split("-").pop()}`, reader: `aurora-analytics-reader-${plans.outputs.data.clusterIdentifier.split("-").pop()}` });
  });

  it("needs no plan for security and network, and says which file is missing otherwise", () => {
    expect(readExpectations("/nowhere", "dev", "security", "/")).toEqual({});
    expect(readExpectations("/nowhere", "dev", "network", "/")).toEqual({});
    expect(readExpectations("/nowhere", "dev", "compute", "/").missing).toMatch(/^nowhere\/dev\/compute\/preview.json .*\(the configured values come from the synthesized plan\)$/);
  });
});

describe("computeExpectations and dataExpectations", () => {
  it("leave what a sparse plan lacks undecidable (NaN never equals an observed number) and names nothing", () => {
    const plan = { layer: "compute", resources: [{ layer: "compute", urn: "u", name: "analytics", type: "aws:ecs/service:Service", id: "s", inputs: { tags: { service: "api" } } }] } as unknown as Parameters<typeof computeExpectations>[0];
    expect(computeExpectations(plan)).toEqual({ services: { api: { minTasks: Number.NaN, maxTasks: Number.NaN, onDemandBaseTasks: 0, trackingPolicies: [] } }, https: false });
    const withBase = { ...plan, resources: [{ ...plan.resources[0], inputs: { tags: { service: "api" }, capacityProviderStrategies: [{ capacityProvider: "FARGATE" }, { capacityProvider: "FARGATE_SPOT", weight: 1 }] } }] } as typeof plan;
    expect(computeExpectations(withBase).services.api.onDemandBaseTasks).toBe(0);
    // An ECS service without a service tag is no catalog service: nothing is expected of it.
    const untagged = { ...plan, resources: [{ ...plan.resources[0], inputs: { tags: { service: "" } } }] } as typeof plan;
    expect(computeExpectations(untagged)).toEqual({ services: {}, https: false });
    expect(dataExpectations({ ...plan, resources: [{ ...plan.resources[0], type: "aws:rds/clusterInstance:ClusterInstance", name: "analytics-writer", inputs: { identifier: 7 } }] } as typeof plan)).toEqual({ writer: undefined, reader: undefined });
  });
});

describe("auditCli", () => {
  let root: string;
  let out: string[];
  let err: string[];
  const io = { out: (t: string) => void out.push(t), err: (t: string) => void err.push(t) };
  const ENV = { AWS_ACCESS_KEY_ID: "AKIDEXAMPLE", AWS_SECRET_ACCESS_KEY: "secret" };
  const write = (relative: string, value: unknown) => {
    fs.mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
    fs.writeFileSync(path.join(root, relative), JSON.stringify(value));
  };
  const read = (relative: string) => JSON.parse(fs.readFileSync(path.join(root, relative), "utf8"));

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), "verify-audit-"));
    out = [];
    err = [];
    sts.reset();
    kms.reset();
    sts.on(GetCallerIdentityCommand).resolves({ Account: ACCOUNT, Arn: `arn:aws:sts::${ACCOUNT}:assumed-role/platform-auditor/session` });
    kms.on(DescribeKeyCommand).resolves({ KeyMetadata: { KeyId: "k", KeyState: "Enabled", KeyManager: "CUSTOMER" } });
    kms.on(GetKeyRotationStatusCommand).resolves({ KeyRotationEnabled: true });
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it("audits a layer without drift, writing its audit and the environment's report", async () => {
    write("dist/dev/security/outputs.json", OUTPUTS.security);
    write("dist/dev/security/drift.json", NO_DRIFT);
    // An emulator's endpoint is honoured (the SDK's AWS_ENDPOINT_URL); the client mock answers either way.
    expect(await auditCli(["stacks/security", "--stack=dev"], { ...ENV, AWS_ENDPOINT_URL: "http://127.0.0.1:5000" }, io, root, { now: () => Date.parse("2026-12-01T06:01:00Z") })).toBe(0);
    expect(out).toEqual(["audit security/dev: 4 of 4 checks pass, drift none; environment so far: 0 fail, 59 unknown, 0 pending -> dist/dev/audit.md"]);
    expect(read("dist/dev/security/audit.json")).toMatchObject({ layer: "security", account: ACCOUNT, auditedAt: "2026-12-01T06:01:00.000Z", drift: NO_DRIFT });
    const env = read("dist/dev/audit.json");
    expect(env.layers).toEqual([{ layer: "security", auditedAt: "2026-12-01T06:01:00.000Z", account: ACCOUNT, drift: "none", checks: 4 }]);
    expect(env.requirements.find((r: { id: string }) => r.id === "key-rotation-enabled").status).toBe("pass");
    expect(fs.readFileSync(path.join(root, "dist/dev/audit.md"), "utf8")).toContain("| key-rotation-enabled | RULES.md | PASS |");
  });

  it("exits 1 on drift, on a failed check and on an undecided one, printing each", async () => {
    write("dist/dev/security/outputs.json", OUTPUTS.security);
    write("dist/dev/security/drift.json", DRIFT);
    expect(await auditCli(["stacks/security", "--stack=dev"], ENV, io, root)).toBe(1);
    expect(err.at(-1)).toMatch(/^audit security\/dev: 4 of 4 checks pass, drift drift; /);
    write("dist/dev/security/drift.json", NO_DRIFT);
    kms.on(GetKeyRotationStatusCommand).resolves({ KeyRotationEnabled: false });
    kms.on(DescribeKeyCommand, { KeyId: OUTPUTS.security.logsKeyArn }).rejects(awsError("AccessDeniedException", "not authorized to perform: kms:DescribeKey", 400));
    err = [];
    expect(await auditCli(["stacks/security", "--stack=dev"], ENV, io, root)).toBe(1);
    expect(err).toContain("  UNKNOWN kms.logs  access-denied: AccessDeniedException: not authorized to perform: kms:DescribeKey");
    expect(err).toContain('  FAIL    kms.database  expected {"keyState":"Enabled","keyManager":"CUSTOMER","rotation":true}, observed {"keyState":"Enabled","keyManager":"CUSTOMER","rotation":false}');
  });

  it("names what is missing and the command to run first", async () => {
    expect(await auditCli(["stacks/data", "--stack=dev"], ENV, io, root)).toBe(1);
    write("dist/dev/data/drift.json", NO_DRIFT);
    expect(await auditCli(["stacks/data", "--stack=dev"], ENV, io, root)).toBe(1);
    expect(err).toEqual([
      "audit data/dev cannot run: no drift check for data/dev: dist/dev/data/drift.json does not exist. Run the whole audit: npx nx run data:audit -c dev",
      "audit data/dev cannot run: no deployed outputs for data/dev: dist/dev/data/outputs.json does not exist. Deploy it first: npx nx run data:deploy -c dev",
    ]);
    expect(sts.calls()).toHaveLength(0);
  });

  it("stops on missing or rejected credentials and on outputs from another environment", async () => {
    write("dist/prod/security/outputs.json", OUTPUTS.security);
    write("dist/prod/security/drift.json", NO_DRIFT);
    sts.on(GetCallerIdentityCommand).rejects(Object.assign(new Error("Could not load credentials from any providers"), { name: "CredentialsProviderError" }));
    expect(await auditCli(["stacks/security", "--stack=prod"], {}, io, root)).toBe(1);
    sts.on(GetCallerIdentityCommand).rejects(awsError("ExpiredToken", "The security token included in the request is expired", 403));
    expect(await auditCli(["stacks/security", "--stack=prod"], ENV, io, root)).toBe(1);
    sts.on(GetCallerIdentityCommand).rejects(awsError("InternalFailure", "boom", 500));
    expect(await auditCli(["stacks/security", "--stack=prod"], ENV, io, root)).toBe(1);
    sts.on(GetCallerIdentityCommand).resolves({ Account: "222222222222" });
    expect(await auditCli(["stacks/security", "--stack=prod"], ENV, io, root)).toBe(1);
    expect(err.map((e) => e.slice(0, 120))).toEqual([
      "audit security/prod cannot run: no AWS credentials found (Could not load credentials from any providers). Sign in first, e.g. `aws sso login --profile <profile>` and `export AWS_PROFILE=<profile>` (docs/deploy.md).".slice(0, 120),
      "audit security/prod cannot run: the AWS credentials were rejected (ExpiredToken: The security token included in the request is expired). Sign in first, e.g. `aws".slice(0, 120),
      "audit security/prod cannot run: could not confirm the AWS identity (InternalFailure: boom)",
      "audit security/prod cannot run: the outputs in dist/prod are not from this environment's account 222222222222 and region us-east-2: secu".slice(0, 120),
    ]);
    expect(err[3]).toMatch(/security\.databaseKeyArn is in account 123456789012, region us-east-2; .*\. Use the prod account's credentials, or refresh the outputs: npx nx run-many -t outputs -c prod$/);
    expect(fs.existsSync(path.join(root, "dist/prod/audit.json"))).toBe(false);
  });

  it("rejects bad usage", async () => {
    for (const argv of [[], ["stacks/security"], ["stacks/billing", "--stack=dev"], ["stacks/security", "--stack=dev", "--wait-seconds=soon"], ["stacks/security", "--stack=dev", "--wait-seconds=-1"]]) {
      expect(await auditCli(argv, ENV, io, root)).toBe(2);
    }
    expect(err[0]).toMatch(/^usage: audit <stack-dir> --stack=<name>/);
  });

  it("rebuilds the environment report from every layer audited, and the unknown account when STS leaves it out", async () => {
    write("dist/dev/security/outputs.json", OUTPUTS.security);
    write("dist/dev/security/drift.json", NO_DRIFT);
    write("dist/dev/network/audit.json", layerAudit("network", DRIFT, []));
    sts.on(GetCallerIdentityCommand).resolves({});
    // No account to compare: every ARN is "foreign", and the run says so.
    expect(await auditCli(["stacks/security", "--stack=dev"], ENV, io, root)).toBe(1);
    expect(err[0]).toContain("not from this environment's account unknown");
    expect(writeEnvironmentReport(path.join(root, "dist"), "dev", "t").layers.map((l) => l.layer)).toEqual(["network"]);
  });
});
