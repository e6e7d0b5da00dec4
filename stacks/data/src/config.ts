import { ConfigReader, ConfigSource, LayerConfig, REQUIREMENTS, loadLayerConfig } from "@fin/config";
import { ENGINE_VERSION_RULE, EngineVersion, parseEngineVersion } from "./engine-version";

/** Aurora Serverless v2 capacity limits (RDS API ServerlessV2ScalingConfiguration). */
export const ACU = { min: 0, max: 256, step: 0.5, maxFloor: 1 } as const;

/** Master user names PostgreSQL or RDS reserve; `postgres` also fails Security Hub RDS.24. */
export const RESERVED_MASTER_USERNAMES = ["admin", "postgres", "rdsadmin", "root"] as const;
const MASTER_USERNAME = /^[a-z][a-z0-9_]{0,62}$/;

export const MONITORING_INTERVALS = [1, 5, 10, 15, 30, 60] as const;

export interface DataSettings {
  readonly engineVersion: string;
  readonly engine: EngineVersion;
  readonly minCapacity: number;
  readonly maxCapacity: number;
  readonly secondsUntilAutoPause: number;
  readonly backupRetentionDays: number;
  readonly streamRetentionHours: number;
  readonly masterUsername: string;
  readonly monitoringIntervalSeconds: number;
  readonly performanceInsightsRetentionDays: number;
}

export type DataConfig = LayerConfig & DataSettings;

/** The data layer's own keys; every problem is collected by the reader and thrown once. */
export function readDataSettings(reader: ConfigReader): DataSettings {
  const engineVersion = reader.string("engineVersion");
  const engine = parseEngineVersion(engineVersion);
  if (engineVersion !== "" && !engine) {
    reader.problem("engineVersion", engineVersion, ENGINE_VERSION_RULE);
  }
  const minCapacity = reader.number("minCapacity", { min: ACU.min, max: ACU.max, step: ACU.step });
  const maxCapacity = reader.number("maxCapacity", { min: ACU.maxFloor, max: ACU.max, step: ACU.step });
  reader.check(!(minCapacity > maxCapacity), "minCapacity", minCapacity, `must not exceed maxCapacity (${maxCapacity})`);
  reader.check(
    !(minCapacity === 0 && engine && !engine.supportsAutoPause),
    "minCapacity",
    minCapacity,
    `0 ACUs (auto-pause) needs Aurora PostgreSQL 14.12+, 15.7+, 16.3+ or 17.4+, not ${engineVersion}`,
  );
  const secondsUntilAutoPause = reader.number("secondsUntilAutoPause", { min: 300, max: 86400, integer: true });
  // No separate range or integer rule: any value but the fixed one gets the same single message.
  const backupRetentionDays = reader.number("backupRetentionDays");
  reader.check(
    Number.isNaN(backupRetentionDays) || backupRetentionDays === REQUIREMENTS.backupRetentionDays,
    "backupRetentionDays",
    backupRetentionDays,
    `must be exactly ${REQUIREMENTS.backupRetentionDays} (the requirements fix the backup retention)`,
  );
  const streamRetentionHours = reader.number("streamRetentionHours", { min: 168, max: 8760, integer: true });
  const masterUsername = reader.string("masterUsername", MASTER_USERNAME, "must be 1-63 lowercase letters, digits or underscores, starting with a letter");
  reader.check(
    !(RESERVED_MASTER_USERNAMES as readonly string[]).includes(masterUsername) && !masterUsername.startsWith("pg_"),
    "masterUsername",
    masterUsername,
    `must not be ${RESERVED_MASTER_USERNAMES.join(", ")} or start with pg_ (reserved by PostgreSQL or RDS)`,
  );
  const monitoringIntervalSeconds = reader.number("monitoringIntervalSeconds", { integer: true });
  reader.check(
    Number.isNaN(monitoringIntervalSeconds) || (MONITORING_INTERVALS as readonly number[]).includes(monitoringIntervalSeconds),
    "monitoringIntervalSeconds",
    monitoringIntervalSeconds,
    `must be one of ${MONITORING_INTERVALS.join(", ")}`,
  );
  const performanceInsightsRetentionDays = reader.number("performanceInsightsRetentionDays", { min: 7, max: 731, integer: true });
  reader.check(
    !(performanceInsightsRetentionDays > 7 && performanceInsightsRetentionDays % 31 !== 0),
    "performanceInsightsRetentionDays",
    performanceInsightsRetentionDays,
    "must be 7 or a multiple of 31",
  );
  return {
    engineVersion,
    // Placeholder when invalid: done() throws before anything reads it.
    engine: engine ?? { major: 0, minor: 0, parameterGroupFamily: "", supportsAutoPause: false },
    minCapacity,
    maxCapacity,
    secondsUntilAutoPause,
    backupRetentionDays,
    streamRetentionHours,
    masterUsername,
    monitoringIntervalSeconds,
    performanceInsightsRetentionDays,
  };
}

/** The only place the data layer reads configuration. */
export function loadDataConfig(source?: ConfigSource, env?: Readonly<Record<string, string | undefined>>): DataConfig {
  return loadLayerConfig("data", readDataSettings, source, env);
}
