import * as pulumi from "@pulumi/pulumi";
import { resolveStackConfig, setupMocks, stackConfigSource } from "@fin/testing";
import { FARGATE_SIZES, fargateSizeProblem } from "../src/fargate";
import { loadComputeConfig } from "../src/config";
import { STACK_DIR } from "./fixtures";

const load = (overrides: Record<string, unknown> = {}) => loadComputeConfig(stackConfigSource(STACK_DIR, "dev", overrides), {});
/**
 * The dev config with raw strings the CLI's type check would already refuse (a fraction for an
 * integer key, "yes" for a boolean): the program validates them again, since it cannot assume the CLI.
 */
const loadRaw = (raw: Record<string, string>) => {
  const values = { ...resolveStackConfig(STACK_DIR, "dev"), ...raw };
  return loadComputeConfig({ get: (key) => values[key] }, {});
};
/** Loads a stack's committed config as the program named `stack` would (the profile follows the name). */
const loadAs = (stack: string, overrides: Record<string, unknown> = {}) => {
  const spy = jest.spyOn(pulumi, "getStack").mockReturnValue(stack);
  try {
    return loadComputeConfig(stackConfigSource(STACK_DIR, stack, overrides), {});
  } finally {
    spy.mockRestore();
  }
};
/** The one-issue error loadLayerConfig throws. */
const oneIssue = (issue: string) => `fin-compute/dev config has 1 issue:\n  - ${issue}`;

beforeAll(async () => {
  await setupMocks({ project: "fin-compute", stack: "dev", config: resolveStackConfig(STACK_DIR, "dev") });
});

describe("environment profiles (ADR 0014)", () => {
  it("pr-1 takes the ephemeral profile by its name and runs the minimum task count, whatever minTasks says", () => {
    expect(loadAs("pr-1", { "fin-compute:minTasks": 4 })).toMatchObject({ stack: "pr-1", environmentSuffix: "pr-1", profile: "ephemeral", minTasks: 1, maxTasks: 6, onDemandBaseTasks: 0 });
  });

  it("dev, staging and prod keep the production profile and their configured task counts", () => {
    expect([loadAs("dev"), loadAs("staging")].map((c) => [c.profile, c.minTasks, c.maxTasks])).toEqual([
      ["production", 2, 6],
      ["production", 2, 8],
    ]);
    const cert = "arn:aws:acm:us-east-2:222222222222:certificate/0a0a0a0a-0000-4000-8000-000000000001";
    expect(loadAs("prod", { "fin-compute:certificateArn": cert })).toMatchObject({ profile: "production", minTasks: 3, maxTasks: 12, onDemandBaseTasks: 1 });
  });

  it("refuses prod on the ephemeral profile and an unknown profile, each with one message", () => {
    const cert = "arn:aws:acm:us-east-2:222222222222:certificate/0a0a0a0a-0000-4000-8000-000000000001";
    expect(() => loadAs("prod", { "fin-compute:certificateArn": cert, "fin-compute:profile": "ephemeral" })).toThrow(
      'fin-compute/prod config has 1 issue:\n  - profile "ephemeral" is invalid: must be production for stack prod: a protected stack (stack prod is always protected) keeps its reader in another AZ and its configured task counts',
    );
    expect(() => load({ "fin-compute:profile": "small" })).toThrow(
      oneIssue('profile "small" is invalid: must be one of production, ephemeral, or "" to choose by stack name (pr-<n>: ephemeral, any other stack: production)'),
    );
  });

  it("still checks the configured minTasks against maxTasks in the ephemeral profile", () => {
    expect(() => loadAs("pr-1", { "fin-compute:minTasks": 5, "fin-compute:maxTasks": 3 })).toThrow('minTasks "5" is invalid: must not exceed maxTasks (3)');
  });
});

describe("loadComputeConfig", () => {
  it("reads the dev stack with the Pulumi.yaml defaults, the default catalog included", () => {
    const scaling = { minTasks: 2, maxTasks: 6, onDemandBaseTasks: 0, cpuTargetPercent: 60, memoryTargetPercent: 70 };
    const size = { cpu: 2048, memory: 4096 };
    expect(load()).toEqual({
      services: [
        { name: "ingest", ...size, reach: "public", port: 8080, healthPath: "/health", route: { kind: "rule", paths: ["/ingest/*"], hosts: [], priority: 10 }, scaling, grants: ["metrics:write", "raw:write", "stream:write"], calls: [] },
        { name: "processor", ...size, reach: "internal", port: 8080, healthPath: "/health", scaling, grants: ["database:connect", "metrics:write", "processed:write", "raw:read", "stream:read"], calls: [] },
        { name: "api", ...size, reach: "public", port: 8080, healthPath: "/health", route: { kind: "default" }, scaling, grants: ["database:connect", "processed:read"], calls: ["processor"] },
      ],
      imageTags: {},
      layer: "compute",
      project: "fin-compute",
      stack: "dev",
      environmentSuffix: "dev",
      region: "us-east-2",
      stackOrganization: "organization",
      owner: "platform-team",
      costCenter: "trading-analytics",
      dataClassification: "confidential",
      allowedAccountIds: ["111111111111"],
      profile: "production",
      taskCpu: 2048,
      taskMemory: 4096,
      minTasks: 2,
      maxTasks: 6,
      onDemandBaseTasks: 0,
      cpuTargetPercent: 60,
      memoryTargetPercent: 70,
      imageTag: "1.0.0",
      containerUser: "10001:10001",
      healthCheckPath: "/health",
      containerHealthCheckCommand: [],
      cpuArchitecture: "X86_64",
      healthCheckGracePeriodSeconds: 120,
      waitForSteadyState: false,
      requireHttps: false,
    });
  });

  it("gives certificateArn the default \"\" in every stack, so the CLI never reports it missing, and reads \"\" as no certificate", () => {
    for (const stack of ["dev", "staging", "prod"]) {
      expect({ stack, certificateArn: resolveStackConfig(STACK_DIR, stack)["fin-compute:certificateArn"] }).toEqual({ stack, certificateArn: "" });
    }
    expect(Object.keys(load({ "fin-compute:certificateArn": "" }))).not.toContain("certificateArn");
    // Absent altogether (a program run outside the CLI): also no certificate, and no error.
    const values = resolveStackConfig(STACK_DIR, "dev");
    delete values["fin-compute:certificateArn"];
    expect(Object.keys(loadComputeConfig({ get: (key) => values[key] }, {}))).not.toContain("certificateArn");
  });

  it("accepts the offline placeholder certificate synth layers over prod", () => {
    const placeholder = "arn:aws:acm:us-east-2:123456789012:certificate/00000000-0000-4000-8000-000000000000";
    expect(loadComputeConfig(stackConfigSource(STACK_DIR, "prod", { "fin-compute:certificateArn": placeholder }), {}).certificateArn).toBe(placeholder);
  });

  it("reads a container health check command and the ARM64 architecture", () => {
    expect(load({ "fin-compute:containerHealthCheckCommand": ["/app/healthcheck", "--port", "8080"], "fin-compute:cpuArchitecture": "ARM64" })).toMatchObject({
      containerHealthCheckCommand: ["/app/healthcheck", "--port", "8080"],
      cpuArchitecture: "ARM64",
    });
  });

  it("refuses prod without a certificate: production serves HTTPS only", () => {
    expect(() => loadComputeConfig(stackConfigSource(STACK_DIR, "prod"), {})).toThrow(
      "fin-compute/dev config has 1 issue:\n" +
        '  - certificateArn "" is invalid: must be set when requireHttps is true (production serves HTTPS only; set it with pulumi config set certificateArn <acm-arn>)',
    );
  });

  it("reads the running program's config when no source is given", () => {
    expect(loadComputeConfig(undefined, {}).taskCpu).toBe(2048);
  });

  it("gives prod more tasks and an on-demand base", () => {
    const cert = "arn:aws:acm:us-east-2:123456789012:certificate/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
    const prod = loadComputeConfig(stackConfigSource(STACK_DIR, "prod", { "fin-compute:certificateArn": cert }), {});
    expect(prod).toMatchObject({ environmentSuffix: "prod", minTasks: 3, maxTasks: 12, onDemandBaseTasks: 1, waitForSteadyState: true, requireHttps: true, certificateArn: cert });
    expect(loadComputeConfig(stackConfigSource(STACK_DIR, "staging"), {})).toMatchObject({ environmentSuffix: "staging", minTasks: 2, maxTasks: 8, onDemandBaseTasks: 0 });
  });

  it("accepts every valid larger Fargate size, an ACM certificate in the region and an image digest", () => {
    const cert = "arn:aws:acm:us-east-2:123456789012:certificate/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
    const digest = `sha256:${"ab".repeat(32)}`;
    expect(load({ "fin-compute:taskCpu": 4096, "fin-compute:taskMemory": 30720, "fin-compute:certificateArn": cert, "fin-compute:imageTag": digest })).toMatchObject({
      taskCpu: 4096,
      taskMemory: 30720,
      certificateArn: cert,
      imageTag: digest,
    });
    expect(load({ "fin-compute:taskCpu": 8192, "fin-compute:taskMemory": 20480 })).toMatchObject({ taskCpu: 8192, taskMemory: 20480 });
    expect(load({ "fin-compute:taskCpu": 16384, "fin-compute:taskMemory": 122880 })).toMatchObject({ taskCpu: 16384, taskMemory: 122880 });
  });

  it("keeps min tasks equal to max tasks", () => {
    expect(load({ "fin-compute:minTasks": 4, "fin-compute:maxTasks": 4 })).toMatchObject({ minTasks: 4, maxTasks: 4 });
  });

  const bad: Array<[string, Record<string, unknown>, string]> = [
    ["a CPU size below 2 vCPU", { "fin-compute:taskCpu": 1024 }, 'taskCpu "1024" is invalid: must be at least 2048'],
    ["a CPU size Fargate does not offer", { "fin-compute:taskCpu": 3072 }, 'taskCpu "3072" is invalid: must be a Fargate CPU size of at least 2048 (2 vCPU): one of 2048, 4096, 8192, 16384'],
    ["memory below 4 GB", { "fin-compute:taskMemory": 2048 }, 'taskMemory "2048" is invalid: must be at least 4096'],
    ["memory off the 1 GB grid", { "fin-compute:taskMemory": 5000 }, 'taskMemory "5000" is invalid: with taskCpu 2048, Fargate allows 4096-16384 MiB in steps of 1024'],
    ["memory too small for 4 vCPU", { "fin-compute:taskCpu": 4096, "fin-compute:taskMemory": 4096 }, 'taskMemory "4096" is invalid: with taskCpu 4096, Fargate allows 8192-30720 MiB in steps of 1024'],
    ["memory off the 4 GB grid of 8 vCPU", { "fin-compute:taskCpu": 8192, "fin-compute:taskMemory": 17408 }, 'taskMemory "17408" is invalid: with taskCpu 8192, Fargate allows 16384-61440 MiB in steps of 4096'],
    ["min tasks above max tasks", { "fin-compute:minTasks": 5, "fin-compute:maxTasks": 3 }, 'minTasks "5" is invalid: must not exceed maxTasks (3)'],
    ["zero min tasks", { "fin-compute:minTasks": 0 }, 'minTasks "0" is invalid: must be at least 1'],
    ["a negative on-demand base", { "fin-compute:onDemandBaseTasks": -1 }, 'onDemandBaseTasks "-1" is invalid: must be at least 0'],
    ["a scaling target above 90%", { "fin-compute:cpuTargetPercent": 95 }, 'cpuTargetPercent "95" is invalid: must be at most 90'],
    [
      "a certificate that is not an ACM ARN",
      { "fin-compute:certificateArn": "arn:aws:iam::123456789012:server-certificate/legacy" },
      'certificateArn "arn:aws:iam::123456789012:server-certificate/legacy" is invalid: must be an ACM certificate ARN (arn:aws:acm:us-east-2:<account>:certificate/<id>)',
    ],
    [
      "a certificate in another region",
      { "fin-compute:certificateArn": "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d" },
      'certificateArn "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d" is invalid: must be in the load balancer\'s region us-east-2',
    ],
    [
      "an empty image tag",
      { "fin-compute:imageTag": "" },
      'imageTag "" is invalid: must be a non-empty image tag ([A-Za-z0-9_][A-Za-z0-9_.-]{0,127}) or sha256:<64 hex digits>',
    ],
    [
      "a full image reference instead of a tag",
      { "fin-compute:imageTag": "docker.io/library/nginx:latest" },
      'imageTag "docker.io/library/nginx:latest" is invalid: must be a non-empty image tag ([A-Za-z0-9_][A-Za-z0-9_.-]{0,127}) or sha256:<64 hex digits>',
    ],
    ["a root container user", { "fin-compute:containerUser": "0" }, 'containerUser "0" is invalid: must be a numeric non-root UID[:GID] (not 0)'],
    ["a named container user", { "fin-compute:containerUser": "root" }, 'containerUser "root" is invalid: must be a numeric non-root UID[:GID] (not 0)'],
    ["a relative health check path", { "fin-compute:healthCheckPath": "health" }, 'healthCheckPath "health" is invalid: must be an absolute URL path such as /health'],
    ["a grace period over 30 minutes", { "fin-compute:healthCheckGracePeriodSeconds": 3600 }, 'healthCheckGracePeriodSeconds "3600" is invalid: must be at most 1800'],
    [
      "an empty health check argument",
      { "fin-compute:containerHealthCheckCommand": ["/app/healthcheck", " "] },
      'containerHealthCheckCommand[] " " is invalid: must be a non-empty string',
    ],
    [
      "a health check in shell form",
      { "fin-compute:containerHealthCheckCommand": ["CMD-SHELL", "curl -f http://localhost:8080/health || exit 1"] },
      'containerHealthCheckCommand ["CMD-SHELL","curl -f http://localhost:8080/health || exit 1"] is invalid: must be the command and its arguments only: it always runs in CMD (exec) form, without a shell, so do not start it with CMD, CMD-SHELL or NONE',
    ],
    ["an architecture Fargate does not run", { "fin-compute:cpuArchitecture": "arm64" }, 'cpuArchitecture "arm64" is invalid: must be one of X86_64, ARM64'],
  ];

  it.each(bad)("rejects %s with one error naming key, value and rule", (_case, overrides, issue) => {
    expect(() => load(overrides)).toThrow(oneIssue(issue));
    expect(() => load(overrides)).toThrow(expect.objectContaining({ issues: [issue] }));
  });

  // Values of the wrong Pulumi type: the CLI refuses them first, the program refuses them too.
  const badRaw: Array<[string, Record<string, string>, string]> = [
    ["a fractional CPU", { "fin-compute:taskCpu": "2048.5" }, 'taskCpu "2048.5" is invalid: must be a whole number'],
    ["a non-boolean steady-state flag", { "fin-compute:waitForSteadyState": "yes" }, 'waitForSteadyState "yes" is invalid: must be true or false'],
    ["a health check that is not a list", { "fin-compute:containerHealthCheckCommand": "/app/healthcheck" }, 'containerHealthCheckCommand "/app/healthcheck" is invalid: must be a list of strings'],
  ];

  it.each(badRaw)("rejects %s (a type the CLI also refuses) with one error", (_case, raw, issue) => {
    expect(() => loadRaw(raw)).toThrow(oneIssue(issue));
  });

  it("leaves a missing region to the common keys, adding no certificate error", () => {
    const values = resolveStackConfig(STACK_DIR, "dev");
    delete values["aws:region"];
    expect(() => loadComputeConfig({ get: (key) => values[key] }, {})).toThrow(
      expect.objectContaining({
        issues: [
          "aws:region is required but not set (declare a default in Pulumi.yaml or set it in the stack config)",
          'aws:region "" is invalid: must be us-east-2 unless allowRegionOverride is true',
        ],
      }),
    );
  });

  it("reports every problem at once", () => {
    expect(() => loadRaw({ "fin-compute:taskCpu": "lots", "fin-compute:taskMemory": "1", "fin-compute:imageTag": "" })).toThrow(
      "fin-compute/dev config has 3 issues:\n" +
        '  - taskCpu "lots" is invalid: must be a number, must be a whole number\n' +
        '  - taskMemory "1" is invalid: must be at least 4096\n' +
        '  - imageTag "" is invalid: must be a non-empty image tag ([A-Za-z0-9_][A-Za-z0-9_.-]{0,127}) or sha256:<64 hex digits>',
    );
  });
});

describe("Fargate sizes", () => {
  it("never go below the requirements' floor", () => {
    for (const [cpu, range] of Object.entries(FARGATE_SIZES)) {
      expect(Number(cpu)).toBeGreaterThanOrEqual(2048);
      expect(range.min).toBeGreaterThanOrEqual(4096);
    }
  });

  it("accept each range's ends and reject one step past them", () => {
    for (const [cpu, { min, max, step }] of Object.entries(FARGATE_SIZES)) {
      expect(fargateSizeProblem(Number(cpu), min)).toBeUndefined();
      expect(fargateSizeProblem(Number(cpu), max)).toBeUndefined();
      expect(fargateSizeProblem(Number(cpu), min - step)?.key).toBe("taskMemory");
      expect(fargateSizeProblem(Number(cpu), max + step)?.key).toBe("taskMemory");
    }
  });
});
