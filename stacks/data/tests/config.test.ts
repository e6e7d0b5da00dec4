import { setupMocks, stackConfigSource } from "@fin/testing";
import { ACU, loadDataConfig } from "../src/config";
import { AURORA_POSTGRESQL_MAJORS, parseEngineVersion } from "../src/engine-version";
import { STACK_DIR, sourceOf, stackConfig } from "./fixtures";

beforeAll(async () => {
  await setupMocks({ project: "fin-data", stack: "dev" });
});

const load = (overrides: Record<string, unknown> = {}, stack = "dev") => loadDataConfig(stackConfigSource(STACK_DIR, stack, overrides), {});
const oneIssue = (issue: string) => `fin-data/dev config has 1 issue:\n  - ${issue}`;

describe("loadDataConfig", () => {
  it("gives dev the declared defaults: Aurora 17.4 at 0.5-4 ACU, 35-day backups, 7-day stream", () => {
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
      engineVersion: "17.4",
      engine: { major: 17, minor: 4, parameterGroupFamily: "aurora-postgresql17", supportsAutoPause: true },
      minCapacity: 0.5,
      maxCapacity: 4,
      secondsUntilAutoPause: 300,
      backupRetentionDays: 35,
      streamRetentionHours: 168,
      masterUsername: "dbadmin",
      monitoringIntervalSeconds: 60,
      performanceInsightsRetentionDays: 7,
    });
  });

  it("sizes prod with a warm 2 ACU floor and 16 ACU headroom", () => {
    const prod = loadDataConfig(stackConfigSource(STACK_DIR, "prod"), {});
    expect([prod.environmentSuffix, prod.minCapacity, prod.maxCapacity]).toEqual(["prod", 2, 16]);
    const staging = loadDataConfig(stackConfigSource(STACK_DIR, "staging"), {});
    expect([staging.environmentSuffix, staging.minCapacity, staging.maxCapacity]).toEqual(["staging", 0.5, 4]);
  });

  it("accepts 0 ACUs (auto-pause) on a version that supports it, and the largest range", () => {
    expect(load({ "fin-data:minCapacity": 0, "fin-data:engineVersion": "16.3" })).toMatchObject({ minCapacity: 0, engine: { supportsAutoPause: true } });
    expect(load({ "fin-data:maxCapacity": 256 }).maxCapacity).toBe(ACU.max);
    expect(load({ "fin-data:performanceInsightsRetentionDays": 62 }).performanceInsightsRetentionDays).toBe(62);
  });

  it.each([
    [{ "fin-data:minCapacity": 8, "fin-data:maxCapacity": 4 }, 'minCapacity 8 is invalid: must not exceed maxCapacity (4)'],
    [{ "fin-data:minCapacity": 0.7 }, 'minCapacity "0.7" is invalid: must be a multiple of 0.5'],
    [{ "fin-data:minCapacity": -1 }, 'minCapacity "-1" is invalid: must be at least 0'],
    [{ "fin-data:maxCapacity": 300 }, 'maxCapacity "300" is invalid: must be at most 256'],
    [{ "fin-data:minCapacity": 0, "fin-data:maxCapacity": 0.5 }, 'maxCapacity "0.5" is invalid: must be at least 1'],
    [
      { "fin-data:minCapacity": 0, "fin-data:engineVersion": "16.2" },
      "minCapacity 0 is invalid: 0 ACUs (auto-pause) needs Aurora PostgreSQL 14.12+, 15.7+, 16.3+ or 17.4+, not 16.2",
    ],
    [{ "fin-data:backupRetentionDays": 30 }, "backupRetentionDays 30 is invalid: must be exactly 35 (the requirements fix the backup retention)"],
    [{ "fin-data:backupRetentionDays": 35.5 }, "backupRetentionDays 35.5 is invalid: must be exactly 35 (the requirements fix the backup retention)"],
    [
      { "fin-data:engineVersion": "17" },
      'engineVersion "17" is invalid: must be an Aurora PostgreSQL version <major>.<minor> with major 14, 15, 16, 17 (for example 17.4)',
    ],
    [
      { "fin-data:engineVersion": "13.15" },
      'engineVersion "13.15" is invalid: must be an Aurora PostgreSQL version <major>.<minor> with major 14, 15, 16, 17 (for example 17.4)',
    ],
    [{ "fin-data:streamRetentionHours": 24 }, 'streamRetentionHours "24" is invalid: must be at least 168'],
    [{ "fin-data:secondsUntilAutoPause": 60 }, 'secondsUntilAutoPause "60" is invalid: must be at least 300'],
    [{ "fin-data:masterUsername": "postgres" }, 'masterUsername "postgres" is invalid: must not be admin, postgres, rdsadmin, root or start with pg_ (reserved by PostgreSQL or RDS)'],
    [{ "fin-data:masterUsername": "pg_owner" }, 'masterUsername "pg_owner" is invalid: must not be admin, postgres, rdsadmin, root or start with pg_ (reserved by PostgreSQL or RDS)'],
    [{ "fin-data:masterUsername": "Db-Admin" }, 'masterUsername "Db-Admin" is invalid: must be 1-63 lowercase letters, digits or underscores, starting with a letter'],
    [{ "fin-data:monitoringIntervalSeconds": 45 }, "monitoringIntervalSeconds 45 is invalid: must be one of 1, 5, 10, 15, 30, 60"],
    [{ "fin-data:performanceInsightsRetentionDays": 40 }, "performanceInsightsRetentionDays 40 is invalid: must be 7 or a multiple of 31"],
  ])("rejects %j with one clear error", (overrides, issue) => {
    expect(() => load(overrides)).toThrow(oneIssue(issue));
  });

  it("reports every missing data key at once", () => {
    const common = Object.fromEntries(Object.entries(stackConfig("dev")).filter(([k]) => !k.startsWith("fin-data:") || k === "fin-data:environmentSuffix" || ["stackOrganization", "owner", "costCenter", "dataClassification", "allowRegionOverride"].some((c) => k === `fin-data:${c}`)));
    const missing = ["engineVersion", "minCapacity", "maxCapacity", "secondsUntilAutoPause", "backupRetentionDays", "streamRetentionHours", "masterUsername", "monitoringIntervalSeconds", "performanceInsightsRetentionDays"];
    expect(() => loadDataConfig(sourceOf(common), {})).toThrow(
      `fin-data/dev config has ${missing.length} issues:\n${missing.map((k) => `  - ${k} is required but not set (declare a default in Pulumi.yaml or set it in the stack config)`).join("\n")}`,
    );
  });
});

describe("parseEngineVersion", () => {
  it("derives the parameter group family and auto-pause support per major", () => {
    expect(parseEngineVersion("15.6")).toEqual({ major: 15, minor: 6, parameterGroupFamily: "aurora-postgresql15", supportsAutoPause: false });
    expect(parseEngineVersion("14.12")).toEqual({ major: 14, minor: 12, parameterGroupFamily: "aurora-postgresql14", supportsAutoPause: true });
    expect(Object.keys(AURORA_POSTGRESQL_MAJORS)).toEqual(["14", "15", "16", "17"]);
  });

  it.each(["", "17", "17.4.1", "v17.4", "12.9", "18.0"])("rejects %j", (value) => {
    expect(parseEngineVersion(value)).toBeUndefined();
  });
});
