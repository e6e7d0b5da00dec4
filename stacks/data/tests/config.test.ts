import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { parse } from "yaml";
import { setupMocks, stackConfigSource } from "@fin/testing";
import { ACU, MONITORING_INTERVALS, PERFORMANCE_INSIGHTS_RETENTION_DAYS, loadDataConfig } from "../src/config";
import { SUPPORTED_MAJORS } from "../src/engine-version";
import { STACK_DIR, sourceOf, stackConfig } from "./fixtures";

beforeAll(async () => {
  await setupMocks({ project: "fin-data", stack: "dev" });
});

const load = (overrides: Record<string, unknown> = {}, stack = "dev") => loadDataConfig(stackConfigSource(STACK_DIR, stack, overrides), {});
/** Loads a stack's committed config as the program named `stack` would (the profile follows the name). */
const loadAs = (stack: string, overrides: Record<string, unknown> = {}) => {
  const spy = jest.spyOn(pulumi, "getStack").mockReturnValue(stack);
  try {
    return loadDataConfig(stackConfigSource(STACK_DIR, stack, overrides), {});
  } finally {
    spy.mockRestore();
  }
};
const oneIssue = (issue: string) => `fin-data/dev config has 1 issue:\n  - ${issue}`;

describe("loadDataConfig", () => {
  it("gives dev the production profile and the declared defaults: Aurora 17 at 0-4 ACU (auto-pause), no enhanced monitoring, 35-day backups, 7-day stream", () => {
    expect(load()).toEqual({
      layer: "data",
      project: "fin-data",
      stack: "dev",
      environmentSuffix: "dev",
      region: "us-east-2",
      stackOrganization: "organization",
      owner: "platform-team",
      costCenter: "trading-analytics",
      dataClassification: "confidential",
      allowedAccountIds: ["111111111111"],
      profile: "production",
      auroraReaders: 1,
      engineMajorVersion: 17,
      allowMajorVersionUpgrade: false,
      minCapacity: 0,
      maxCapacity: 4,
      secondsUntilAutoPause: 300,
      backupRetentionDays: 35,
      streamRetentionHours: 168,
      masterUsername: "dbadmin",
      monitoringIntervalSeconds: 0,
      performanceInsightsRetentionDays: 7,
    });
  });

  it("sizes prod with a warm 2 ACU floor and 16 ACU headroom", () => {
    const prod = loadDataConfig(stackConfigSource(STACK_DIR, "prod"), {});
    expect([prod.environmentSuffix, prod.minCapacity, prod.maxCapacity]).toEqual(["prod", 2, 16]);
    const staging = loadDataConfig(stackConfigSource(STACK_DIR, "staging"), {});
    expect([staging.environmentSuffix, staging.minCapacity, staging.maxCapacity]).toEqual(["staging", 0.5, 4]);
  });

  it("gives prod and staging the production profile with a reader", () => {
    for (const stack of ["prod", "staging"]) {
      expect(loadAs(stack)).toMatchObject({ profile: "production", auroraReaders: 1 });
    }
  });

  it("gives the pr-1 example the ephemeral profile by its name: the writer only, pausing at 0 ACU whatever minCapacity says", () => {
    const pr = loadAs("pr-1", { "fin-data:minCapacity": "2" });
    expect([pr.stack, pr.environmentSuffix, pr.profile, pr.auroraReaders, pr.minCapacity, pr.maxCapacity, pr.secondsUntilAutoPause, pr.backupRetentionDays]).toEqual(["pr-1", "pr-1", "ephemeral", 0, 0, 4, 300, 35]);
    expect(load({ "fin-data:profile": "ephemeral" })).toMatchObject({ profile: "ephemeral", auroraReaders: 0, minCapacity: 0 });
    expect(loadAs("pr-1", { "fin-data:profile": "production" })).toMatchObject({ profile: "production", auroraReaders: 1 });
  });

  it("loads a pull request's stack with no committed stack file: region and providers from Pulumi.yaml, suffix from ENVIRONMENT_SUFFIX, ephemeral by its name", () => {
    expect(fs.existsSync(path.join(STACK_DIR, "Pulumi.pr-7.yaml"))).toBe(false);
    const spy = jest.spyOn(pulumi, "getStack").mockReturnValue("pr-7");
    try {
      const pr = loadDataConfig(stackConfigSource(STACK_DIR, "pr-7"), { ENVIRONMENT_SUFFIX: "pr-7" });
      expect([pr.region, pr.environmentSuffix, pr.profile, pr.auroraReaders, pr.minCapacity, pr.allowedAccountIds]).toEqual(["us-east-2", "pr-7", "ephemeral", 0, 0, []]);
    } finally {
      spy.mockRestore();
    }
  });

  it("refuses a profile that does not exist, and prod on the ephemeral profile, each with one message", () => {
    expect(() => load({ "fin-data:profile": "tiny" })).toThrow(
      oneIssue('profile "tiny" is invalid: must be one of production, ephemeral, or "" to choose by stack name (pr-<n>: ephemeral, any other stack: production)'),
    );
    expect(() => loadAs("prod", { "fin-data:profile": "ephemeral" })).toThrow(
      'fin-data/prod config has 1 issue:\n  - profile "ephemeral" is invalid: must be production for stack prod: a protected stack (stack prod is always protected) keeps its reader in another AZ and its configured task counts',
    );
  });

  it("accepts every supported major with 0 ACUs (auto-pause), the largest range, enhanced monitoring and Database Insights Advanced", () => {
    expect(SUPPORTED_MAJORS).toEqual([14, 15, 16, 17]);
    for (const major of SUPPORTED_MAJORS) {
      expect(load({ "fin-data:minCapacity": 0, "fin-data:engineMajorVersion": major })).toMatchObject({ minCapacity: 0, engineMajorVersion: major });
    }
    expect(load({ "fin-data:maxCapacity": 256 }).maxCapacity).toBe(ACU.max);
    expect(load({ "fin-data:allowMajorVersionUpgrade": true }).allowMajorVersionUpgrade).toBe(true);
    expect(MONITORING_INTERVALS).toEqual([0, 1, 5, 10, 15, 30, 60]);
    expect(load({ "fin-data:monitoringIntervalSeconds": 60 }).monitoringIntervalSeconds).toBe(60);
    expect(PERFORMANCE_INSIGHTS_RETENTION_DAYS).toEqual({ standard: 7, advanced: 465 });
    expect(load({ "fin-data:performanceInsightsRetentionDays": 465 }).performanceInsightsRetentionDays).toBe(465);
  });

  it.each([
    [{ "fin-data:minCapacity": 8, "fin-data:maxCapacity": 4 }, 'minCapacity 8 is invalid: must not exceed maxCapacity (4)'],
    [{ "fin-data:minCapacity": 0.7 }, 'minCapacity "0.7" is invalid: must be a multiple of 0.5'],
    [{ "fin-data:minCapacity": -1 }, 'minCapacity "-1" is invalid: must be at least 0'],
    [{ "fin-data:maxCapacity": 300 }, 'maxCapacity "300" is invalid: must be at most 256'],
    [{ "fin-data:minCapacity": 0, "fin-data:maxCapacity": 0.5 }, 'maxCapacity "0.5" is invalid: must be at least 1'],
    [{ "fin-data:backupRetentionDays": 30 }, "backupRetentionDays 30 is invalid: must be exactly 35 (the requirements fix the backup retention)"],
    [{ "fin-data:engineMajorVersion": 13 }, "engineMajorVersion 13 is invalid: must be an Aurora PostgreSQL major version, one of 14, 15, 16, 17 (the newest minor is resolved at deploy time)"],
    [{ "fin-data:engineMajorVersion": 18 }, "engineMajorVersion 18 is invalid: must be an Aurora PostgreSQL major version, one of 14, 15, 16, 17 (the newest minor is resolved at deploy time)"],
    [{ "fin-data:streamRetentionHours": 24 }, 'streamRetentionHours "24" is invalid: must be at least 168'],
    [{ "fin-data:secondsUntilAutoPause": 60 }, 'secondsUntilAutoPause "60" is invalid: must be at least 300'],
    [{ "fin-data:masterUsername": "postgres" }, 'masterUsername "postgres" is invalid: must not be admin, postgres, rdsadmin, root or start with pg_ (reserved by PostgreSQL or RDS)'],
    [{ "fin-data:masterUsername": "pg_owner" }, 'masterUsername "pg_owner" is invalid: must not be admin, postgres, rdsadmin, root or start with pg_ (reserved by PostgreSQL or RDS)'],
    [{ "fin-data:masterUsername": "Db-Admin" }, 'masterUsername "Db-Admin" is invalid: must be 1-63 lowercase letters, digits or underscores, starting with a letter'],
    [{ "fin-data:monitoringIntervalSeconds": 45 }, "monitoringIntervalSeconds 45 is invalid: must be one of 0, 1, 5, 10, 15, 30, 60"],
    [
      { "fin-data:performanceInsightsRetentionDays": 62 },
      "performanceInsightsRetentionDays 62 is invalid: must be 7 (Database Insights Standard) or 465 (Advanced); flexible retention is retired",
    ],
    [
      { "fin-data:performanceInsightsRetentionDays": 731 },
      "performanceInsightsRetentionDays 731 is invalid: must be 7 (Database Insights Standard) or 465 (Advanced); flexible retention is retired",
    ],
  ])("rejects %j with one clear error", (overrides, issue) => {
    expect(() => load(overrides)).toThrow(oneIssue(issue));
  });

  // The CLI already refuses a non-integer for a `type: integer` key; the program keeps its own rule
  // for any other source of config (an Automation API program, a test), so these bypass the CLI rules.
  it.each([
    ["backupRetentionDays", "35.5", "backupRetentionDays 35.5 is invalid: must be exactly 35 (the requirements fix the backup retention)"],
    ["engineMajorVersion", "17.4", 'engineMajorVersion "17.4" is invalid: must be a whole number'],
  ])("rejects %s %j even when it reaches the program", (key, value, issue) => {
    expect(() => loadDataConfig(sourceOf({ ...stackConfig("dev"), [`fin-data:${key}`]: value }), {})).toThrow(oneIssue(issue));
  });

  it("reports every missing data key at once", () => {
    const common = Object.fromEntries(Object.entries(stackConfig("dev")).filter(([k]) => !k.startsWith("fin-data:") || k === "fin-data:environmentSuffix" || ["stackOrganization", "owner", "costCenter", "dataClassification", "allowRegionOverride", "protected"].some((c) => k === `fin-data:${c}`)));
    const missing = ["profile", "engineMajorVersion", "allowMajorVersionUpgrade", "minCapacity", "maxCapacity", "secondsUntilAutoPause", "backupRetentionDays", "streamRetentionHours", "masterUsername", "monitoringIntervalSeconds", "performanceInsightsRetentionDays"];
    expect(() => loadDataConfig(sourceOf(common), {})).toThrow(
      `fin-data/dev config has ${missing.length} issues:\n${missing.map((k) => `  - ${k} is required but not set (declare a default in Pulumi.yaml or set it in the stack config)`).join("\n")}`,
    );
  });
});

describe("a stack file that still pins a minor", () => {
  it("is refused, so the pin is not silently ignored", () => {
    const values = { ...stackConfig("dev"), "fin-data:engineVersion": "17.4" };
    expect(() => loadDataConfig(sourceOf(values), {})).toThrow(
      oneIssue('engineVersion "17.4" is invalid: is no longer read: set engineMajorVersion instead (the newest minor is resolved at deploy time, ADR 0010)'),
    );
  });
});

describe("Pulumi.yaml", () => {
  // pulumi/pulumi sdk/go/common/workspace/project.json $defs.simpleConfigType: the CLI refuses to load
  // a project whose config type is anything else ("could not validate '.../Pulumi.yaml'").
  const CLI_CONFIG_TYPES = ["string", "integer", "boolean", "array", "object"];
  const project = parse(fs.readFileSync(path.join(STACK_DIR, "Pulumi.yaml"), "utf8")) as { config: Record<string, { type: string; default?: unknown }> };

  it("declares only config types the Pulumi CLI's project schema accepts", () => {
    expect(Object.entries(project.config).filter(([key, d]) => !key.includes(":") && !CLI_CONFIG_TYPES.includes(d.type))).toEqual([]);
  });

  it("gives every data key a default, so no stack file has to set it (the CLI requires a typed key without one)", () => {
    expect(Object.keys(project.config).filter((key) => !key.includes(":") && !("default" in project.config[key]))).toEqual([]);
    // Other namespaces' keys carry a value for every stack instead (a stack file may override it).
    expect(Object.entries(project.config).filter(([key]) => key.includes(":"))).toEqual([
      ["aws:region", "us-east-2"],
      ["pulumi:disable-default-providers", ["aws"]],
    ]);
    expect([project.config.minCapacity.default, project.config.maxCapacity.default]).toEqual(["0.5", "4"]);
  });
});
