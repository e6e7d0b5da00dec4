import { ConfigReader, ConfigSource, LayerConfig, PROFILE_SHAPES, Profile, REQUIREMENTS, loadLayerConfig, readProfile } from "@fin/config";
import { ENGINE_MAJOR_RULE, SUPPORTED_MAJORS } from "./engine-version";

/** Aurora Serverless v2 capacity limits (RDS API ServerlessV2ScalingConfiguration). */
export const ACU = { min: 0, max: 256, step: 0.5, maxFloor: 1 } as const;

/** Master user names PostgreSQL or RDS reserve; `postgres` also fails Security Hub RDS.24. */
export const RESERVED_MASTER_USERNAMES = ["admin", "postgres", "rdsadmin", "root"] as const;
const MASTER_USERNAME = /^[a-z][a-z0-9_]{0,62}$/;

/**
 * Enhanced monitoring intervals RDS accepts (ModifyDBInstance MonitoringInterval); 0 turns it off,
 * the default: RDS would create the account-wide RDSOSMetrics log group itself (ADR 0010).
 */
export const MONITORING_INTERVALS = [0, 1, 5, 10, 15, 30, 60] as const;

/**
 * Performance Insights retention the Database Insights modes allow, now that flexible retention
 * (multiples of 31 days) is retired: 7 days in Standard mode, 465 days (15 months) in Advanced mode
 * ("Considerations for Database Insights for Amazon Aurora").
 */
export const PERFORMANCE_INSIGHTS_RETENTION_DAYS = { standard: 7, advanced: 465 } as const;

export interface DataSettings {
  /** The environment profile (ADR 0014): production runs a reader in another AZ, ephemeral only the writer. */
  readonly profile: Profile;
  /** Aurora readers beside the writer, from the profile. */
  readonly auroraReaders: number;
  /** Aurora PostgreSQL major; the newest minor of it is resolved at deploy time. */
  readonly engineMajorVersion: number;
  /** Let this update change the cluster's engine version (a major upgrade, or catching up on minors). */
  readonly allowMajorVersionUpgrade: boolean;
  /** Serverless v2 minimum ACUs: the configured value, or the profile's (ephemeral: 0, auto-pause). */
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
  const profile = readProfile(reader);
  const shape = PROFILE_SHAPES[profile];
  // Read only to refuse it: a stack file that still pins a minor would otherwise be silently ignored.
  const pinnedVersion = reader.optionalString("engineVersion");
  reader.check(pinnedVersion === undefined, "engineVersion", pinnedVersion, "is no longer read: set engineMajorVersion instead (the newest minor is resolved at deploy time, ADR 0010)");
  const engineMajorVersion = reader.number("engineMajorVersion", { integer: true });
  reader.check(!Number.isInteger(engineMajorVersion) || SUPPORTED_MAJORS.includes(engineMajorVersion), "engineMajorVersion", engineMajorVersion, ENGINE_MAJOR_RULE);
  const allowMajorVersionUpgrade = reader.boolean("allowMajorVersionUpgrade");
  // 0 (auto-pause) needs no version rule here: the newest minor of every supported major allows it,
  // and the resolved version is checked again at deploy time (checkResolvedEngineVersion).
  const configuredMinCapacity = reader.number("minCapacity", { min: ACU.min, max: ACU.max, step: ACU.step });
  // An ephemeral environment pauses at 0 ACU whatever the file says: it is idle most of its life.
  const minCapacity = shape.auroraMinCapacity ?? configuredMinCapacity;
  const maxCapacity = reader.number("maxCapacity", { min: ACU.maxFloor, max: ACU.max, step: ACU.step });
  reader.check(!(minCapacity > maxCapacity), "minCapacity", minCapacity, `must not exceed maxCapacity (${maxCapacity})`);
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
  const retention = PERFORMANCE_INSIGHTS_RETENTION_DAYS;
  const performanceInsightsRetentionDays = reader.number("performanceInsightsRetentionDays");
  reader.check(
    Number.isNaN(performanceInsightsRetentionDays) || (Object.values(retention) as number[]).includes(performanceInsightsRetentionDays),
    "performanceInsightsRetentionDays",
    performanceInsightsRetentionDays,
    `must be ${retention.standard} (Database Insights Standard) or ${retention.advanced} (Advanced); flexible retention is retired`,
  );
  return {
    profile,
    auroraReaders: shape.auroraReaders,
    engineMajorVersion,
    allowMajorVersionUpgrade,
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
