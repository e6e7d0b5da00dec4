import { S3Client } from "@aws-sdk/client-s3";
import { KinesisClient } from "@aws-sdk/client-kinesis";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { CheckResult, runChecks } from "../src/check";
import { integrationCli } from "../src/cli";
import { seedEmulator, seedEmulatorCli } from "../src/emulator-seed";
import { createClients, destroyClients } from "../src/clients";
import { LAYER_INPUTS, checksForLayer } from "../src/layers";
import { deployCommand, outputsPath, reportPath } from "../src/outputs";
import { IntegrationReport, formatReport, isPassing, summarize } from "../src/report";
import { API_SERVICE, COMPUTE, OUTPUTS, REGION, WORKER_SERVICE, clients } from "./support/fixtures";

describe("checksForLayer", () => {
  it.each([
    ["security", ["kms.database", "kms.logs", "kms.storage", "kms.backup"]],
    ["network", ["vpc.availability-zones", "vpc.private-subnets", "vpc.no-nat-gateway", "vpc.endpoints", "logs.flow-logs", "vpc.flow-log-delivery"]],
    [
      "data",
      [
        "aurora.engine",
        "aurora.backup-retention",
        "aurora.encryption",
        "aurora.deletion-protection",
        "aurora.iam-auth",
        "aurora.master-secret",
        "aurora.instances",
        "aurora.writer-reader",
        "logs.database",
        "s3.raw.versioning",
        "s3.raw.encryption",
        "s3.raw.public-access-block",
        "s3.raw.lifecycle",
        "s3.processed.versioning",
        "s3.processed.encryption",
        "s3.processed.public-access-block",
        "s3.processed.lifecycle",
        "s3.access-logs.public-access-block",
        "kinesis.encryption",
        "backup.plan-retention",
        "backup.vault-encryption",
        "backup.recent-recovery-point",
      ],
    ],
    [
      "compute",
      [
        "ecs.service.stable.api",
        "ecs.service.image-pinned.api",
        "ecs.service.fargate-spot.api",
        "ecs.service.private-subnets.api",
        "ecs.service.tasks-running.api",
        "ecs.tasks.fargate-spot.api",
        "ecs.tasks.availability-zones.api",
        "ecs.service.autoscaling.api",
        "alb.targets-healthy.api",
        "ecs.task-definition.size.api",
        "ecr.encryption.api",
        "logs.compute.api",
        "logs.container-insights",
      ],
    ],
  ] as const)("builds the %s checks", (layer, ids) => {
    expect(checksForLayer(layer, OUTPUTS, REGION).map((c) => c.id)).toEqual(ids);
  });

  it("judges HTTPS only where the plan serves it, once for the shared ALB after the services", () => {
    const https = { services: {}, https: true };
    const ids = checksForLayer("compute", OUTPUTS, REGION, { expectations: { compute: https } }).map((c) => c.id);
    expect(ids.slice(-3)).toEqual(["logs.compute.api", "alb.https-only", "logs.container-insights"]);
    expect(checksForLayer("compute", OUTPUTS, REGION).find((c) => c.id === "logs.container-insights")?.resource).toBe("/aws/ecs/containerinsights/analytics-dev/performance");
  });

  it("builds every catalog service's checks from the services output, by name; a worker gets no target-group check", () => {
    const outputs = { ...OUTPUTS, compute: { ...COMPUTE, services: { worker: WORKER_SERVICE, api: API_SERVICE } } };
    const checks = checksForLayer("compute", outputs, REGION);
    expect(checks.filter((c) => c.id.endsWith(".worker")).map((c) => [c.id, c.resource])).toEqual([
      ["ecs.service.stable.worker", "analytics-worker-dev"],
      ["ecs.service.image-pinned.worker", "analytics-worker-dev"],
      ["ecs.service.fargate-spot.worker", "analytics-worker-dev"],
      ["ecs.service.private-subnets.worker", "analytics-worker-dev"],
      ["ecs.service.tasks-running.worker", "analytics-worker-dev"],
      ["ecs.tasks.fargate-spot.worker", "analytics-worker-dev"],
      ["ecs.tasks.availability-zones.worker", "analytics-worker-dev"],
      ["ecs.service.autoscaling.worker", "service/analytics-dev/analytics-worker-dev"],
      ["ecs.task-definition.size.worker", "arn:aws:ecs:us-east-2:123456789012:task-definition/analytics-worker-dev:1"],
      ["ecr.encryption.worker", "analytics-worker-dev"],
      ["logs.compute.worker", "/aws/ecs/analytics-worker-dev"],
    ]);
    expect(checks.map((c) => c.id).indexOf("ecs.service.stable.api")).toBe(0);
    expect(checks.find((c) => c.id === "ecs.service.stable.worker")?.title).toBe("worker: ECS service is stable (one deployment, running = desired) within 600s");
  });

  it("says which service the plan lacks when its expectations are missing", async () => {
    const expectations = { compute: { services: { api: { minTasks: 2, maxTasks: 6, onDemandBaseTasks: 1, trackingPolicies: [] } }, https: false } };
    const outputs = { ...OUTPUTS, compute: { ...COMPUTE, services: { api: API_SERVICE, worker: WORKER_SERVICE } } };
    const autoscaling = checksForLayer("compute", outputs, REGION, { expectations }).find((c) => c.id === "ecs.service.autoscaling.worker");
    expect(await autoscaling?.run(clients())).toEqual({
      pass: false,
      verdict: "unknown",
      reason: "the synthesized compute plan has no ECS service tagged service=worker",
      expected: "the configured min/max and policies",
      observed: null,
    });
  });

  it("points each check at the deployed resource", () => {
    const resources = Object.fromEntries(checksForLayer("data", OUTPUTS, REGION).map((c) => [c.id, c.resource]));
    expect(resources).toMatchObject({
      "logs.database": "/aws/rds/cluster/analytics-dev/postgresql",
      "s3.processed.lifecycle": "fin-processed-data-dev",
      "s3.access-logs.public-access-block": "fin-access-logs-dev",
      "kinesis.encryption": "market-data-dev",
      "backup.vault-encryption": "aurora-vault-dev",
    });
  });

  it("reads upstream outputs only downstream of them", () => {
    expect(LAYER_INPUTS).toEqual({
      security: ["security"],
      network: ["network", "security"],
      data: ["data", "security"],
      compute: ["compute", "network", "security"],
    });
  });
});

describe("outputs and report paths", () => {
  it("follow the deploy target's layout", () => {
    expect(outputsPath("/w/dist", "data", "dev")).toBe("/w/dist/dev/data/outputs.json");
    expect(reportPath("/w/dist", "data", "pr-12")).toBe("/w/dist/pr-12/data/integration.json");
    expect(deployCommand("network", "staging")).toBe("npx nx run network:deploy -c staging");
  });
});

describe("createClients", () => {
  it("uses path-style S3 and the given endpoint for an emulator", async () => {
    const aws = createClients({ region: "us-east-2", endpoint: "http://127.0.0.1:5000", credentials: { accessKeyId: "a", secretAccessKey: "b" } });
    expect(aws.s3.config.forcePathStyle).toBe(true);
    expect(await aws.rds.config.region()).toBe("us-east-2");
    const endpoint = await aws.ecs.config.endpoint!();
    expect([endpoint.protocol, endpoint.hostname, endpoint.port]).toEqual(["http:", "127.0.0.1", 5000]);
    expect(await aws.kms.config.credentials()).toMatchObject({ accessKeyId: "a", secretAccessKey: "b" });
    destroyClients(aws);
  });

  it("keeps virtual-hosted S3 against AWS and always speaks HTTP/1.1 to Kinesis", () => {
    const aws = createClients({ region: "us-east-2" });
    expect(aws.s3).toBeInstanceOf(S3Client);
    expect(aws.s3.config.forcePathStyle).toBe(false);
    expect(aws.kinesis).toBeInstanceOf(KinesisClient);
    expect(aws.kinesis.config.requestHandler).toBeInstanceOf(NodeHttpHandler);
    expect(Object.keys(aws).sort()).toEqual(["autoscaling", "backup", "ec2", "ecr", "ecs", "elb", "kinesis", "kms", "logs", "rds", "s3", "secrets", "sts"]);
    destroyClients(aws);
  });
});

describe("report", () => {
  const results: CheckResult[] = [
    { id: "a.pass", title: "A passes", resource: "res-a", status: "pass", expected: 30, observed: 30, attempts: 1, durationMs: 10 },
    { id: "b.fail", title: "B fails", resource: "res-b", status: "fail", expected: 30, observed: 14, attempts: 1, durationMs: 10 },
    {
      id: "c.error",
      title: "C errors",
      resource: "res-c",
      status: "error",
      error: { kind: "throttled", code: "ThrottlingException", message: "Rate exceeded" },
      attempts: 4,
      durationMs: 10,
    },
    { id: "d.error", title: "D errors", resource: "res-d", status: "error", error: { kind: "access-denied", code: "AccessDenied", message: "no" }, attempts: 1, durationMs: 1 },
    { id: "e.skip", title: "E skipped", resource: "res-e", status: "skipped", attempts: 0, durationMs: 0 },
    { id: "f.unknown", title: "F unknown", resource: "res-f", status: "unknown", reason: "access-denied: AccessDenied: no", attempts: 2, durationMs: 1 },
    { id: "g.pending", title: "G pending", resource: "res-g", status: "pending", reason: "the cluster is 3 hours old", observed: { newestAgeHours: null }, attempts: 1, durationMs: 1 },
  ];

  it("summarizes and passes only with no failure, no error and something checked", () => {
    expect(summarize(results)).toEqual({ total: 7, passed: 1, failed: 1, errors: 2, skipped: 1, waiting: 0, unknown: 1, pending: 1 });
    expect(isPassing(summarize(results))).toBe(false);
    expect(isPassing(summarize([results[0], results[4]]))).toBe(true);
    expect(isPassing(summarize([results[4]]))).toBe(false);
    // Pending is not a failure; unknown is never a pass.
    expect(isPassing(summarize([results[0], results[6]]))).toBe(true);
    expect(isPassing(summarize([results[0], results[5]]))).toBe(false);
  });

  it("prints failures first with expected and observed values", () => {
    const report: IntegrationReport = {
      layer: "data",
      stack: "dev",
      region: "us-east-2",
      endpoint: "http://127.0.0.1:5000",
      account: "123456789012",
      startedAt: "2026-11-25T09:00:00.000Z",
      durationMs: 1234,
      passed: false,
      summary: summarize(results),
      results,
    };
    expect(formatReport(report, "dist/dev/data/integration.json")).toBe(
      [
        "integration data/dev: account 123456789012, region us-east-2, endpoint http://127.0.0.1:5000",
        "  FAIL  b.fail  B fails  [res-b]",
        "         expected 30",
        "         observed 14",
        "  ERROR c.error  C errors  [res-c]",
        "         throttled: ThrottlingException: Rate exceeded (after 4 attempts)",
        "  ERROR d.error  D errors  [res-d]",
        "         access-denied: AccessDenied: no",
        "  UNKN  f.unknown  F unknown  [res-f]",
        "         access-denied: AccessDenied: no (after 2 attempts)",
        "  PEND  g.pending  G pending  [res-g]",
        "         the cluster is 3 hours old",
        '         observed {"newestAgeHours":null}',
        "  SKIP  e.skip  E skipped  [res-e]",
        "         skipped on request (--skip)",
        "  PASS  a.pass  A passes  [res-a]",
        "         observed 30",
        "FAILED: 1 passed, 1 failed, 2 errors, 1 skipped, 1 unknown, 1 pending of 7 checks in 1.2s -> dist/dev/data/integration.json",
      ].join("\n"),
    );
    expect(formatReport({ ...report, endpoint: null, passed: true }, "x.json").split("\n")[0]).toBe("integration data/dev: account 123456789012, region us-east-2");
    expect(formatReport({ ...report, passed: true }, "x.json").split("\n").at(-1)).toMatch(/^PASSED: /);
  });

  it("shows a waiting check with its reason, after failures and before passes, and says so in the summary line", () => {
    const waiting: CheckResult = {
      id: "ecs.service.tasks-running",
      title: "ECS service has its desired tasks running",
      resource: "analytics-service-dev",
      status: "waiting",
      expected: { desiredCount: 0, runningTasks: 0 },
      observed: { desiredCount: 0 },
      waiting: "waiting for image r:1.0.0, 0 tasks",
      attempts: 1,
      durationMs: 5,
    };
    const list = [results[0], waiting];
    const summary = summarize(list);
    expect(summary).toEqual({ total: 2, passed: 1, failed: 0, errors: 0, skipped: 0, waiting: 1, unknown: 0, pending: 0 });
    expect(isPassing(summary)).toBe(true);
    const report: IntegrationReport = {
      layer: "compute",
      stack: "dev",
      region: "us-east-2",
      endpoint: null,
      account: "123456789012",
      startedAt: "2026-11-25T09:00:00.000Z",
      durationMs: 500,
      passed: true,
      summary,
      results: list,
    };
    expect(formatReport(report, "r.json")).toBe(
      [
        "integration compute/dev: account 123456789012, region us-east-2",
        "  WAIT  ecs.service.tasks-running  ECS service has its desired tasks running  [analytics-service-dev]",
        "         waiting for image r:1.0.0, 0 tasks",
        '         observed {"desiredCount":0}',
        "  PASS  a.pass  A passes  [res-a]",
        "         observed 30",
        "PASSED, WAITING: 1 passed, 0 failed, 0 errors, 0 skipped, 1 waiting of 2 checks in 0.5s -> r.json",
      ].join("\n"),
    );
  });
});

describe("the package entry point", () => {
  it("exposes the runner, the layer checks, the CLI and the emulator seed", async () => {
    const api = await import("../src");
    expect([api.runChecks, api.checksForLayer, api.integrationCli, api.seedEmulator, api.seedEmulatorCli, api.createClients, api.formatReport]).toEqual([
      runChecks,
      checksForLayer,
      integrationCli,
      seedEmulator,
      seedEmulatorCli,
      createClients,
      formatReport,
    ]);
  });
});
