/**
 * Aurora PostgreSQL versions this layer accepts, and what each major allows. Major 13 is left out:
 * its standard support ended in February 2026. The auto-pause floors are the first minors whose
 * `ServerlessV2FeaturesSupport.MinCapacity` is 0 (AWS "Scaling to Zero ACUs" and the Serverless v2
 * capacity page); check a new minor with
 * `aws rds describe-db-engine-versions --engine aurora-postgresql --query "DBEngineVersions[].[EngineVersion,ServerlessV2FeaturesSupport]"`.
 */
export const AURORA_POSTGRESQL_MAJORS: Readonly<Record<number, { readonly autoPauseFromMinor: number }>> = {
  14: { autoPauseFromMinor: 12 },
  15: { autoPauseFromMinor: 7 },
  16: { autoPauseFromMinor: 3 },
  17: { autoPauseFromMinor: 4 },
};

export const ENGINE_VERSION_RULE = `must be an Aurora PostgreSQL version <major>.<minor> with major ${Object.keys(AURORA_POSTGRESQL_MAJORS).join(", ")} (for example 17.4)`;

export interface EngineVersion {
  readonly major: number;
  readonly minor: number;
  /** The cluster parameter group family of the major ("aurora-postgresql17"). */
  readonly parameterGroupFamily: string;
  /** Whether Serverless v2 may scale this version to 0 ACUs (auto-pause). */
  readonly supportsAutoPause: boolean;
}

/** Parses "17.4"; undefined when it is not a version this layer supports. */
export function parseEngineVersion(value: string): EngineVersion | undefined {
  const match = /^(\d{2})\.(\d{1,2})$/.exec(value);
  const major = Number(match?.[1]);
  const limits = AURORA_POSTGRESQL_MAJORS[major];
  if (!match || !limits) {
    return undefined;
  }
  const minor = Number(match[2]);
  return { major, minor, parameterGroupFamily: `aurora-postgresql${major}`, supportsAutoPause: minor >= limits.autoPauseFromMinor };
}
