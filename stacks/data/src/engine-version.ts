/**
 * Aurora PostgreSQL majors this layer accepts, and the first minor of each that may scale to 0 ACUs.
 * Config names only the major; the newest minor of it is resolved at deploy time (ADR 0010), so a
 * pinned minor can neither fall out of support nor be "downgraded" to after AWS upgrades the cluster.
 * Major 13 is left out: its standard support ended in February 2026. The auto-pause floors are the
 * first minors whose `ServerlessV2FeaturesSupport.MinCapacity` is 0 (AWS "Scaling to Zero ACUs with
 * automatic pause and resume for Aurora Serverless v2"); the newest minor of every major here is past
 * its floor. Check with
 * `aws rds describe-db-engine-versions --engine aurora-postgresql --query "DBEngineVersions[].[EngineVersion,ServerlessV2FeaturesSupport]"`.
 */
export const AURORA_POSTGRESQL_MAJORS: Readonly<Record<number, { readonly autoPauseFromMinor: number }>> = {
  14: { autoPauseFromMinor: 12 },
  15: { autoPauseFromMinor: 7 },
  16: { autoPauseFromMinor: 3 },
  17: { autoPauseFromMinor: 4 },
};

export const SUPPORTED_MAJORS: readonly number[] = Object.keys(AURORA_POSTGRESQL_MAJORS).map(Number);

export const ENGINE_MAJOR_RULE = `must be an Aurora PostgreSQL major version, one of ${SUPPORTED_MAJORS.join(", ")} (the newest minor is resolved at deploy time)`;

/** The cluster parameter group family of a major ("aurora-postgresql17"). */
export const parameterGroupFamily = (major: number): string => `aurora-postgresql${major}`;

/**
 * The aws.rds.getEngineVersion arguments that resolve the newest available minor of a major. Read
 * against hashicorp/terraform-provider-aws internal/service/rds/engine_version_data_source.go:
 * `parameter_group_family` goes to DescribeDBEngineVersions as DBParameterGroupFamily (every minor
 * of the major, and only those), `include_all` unset keeps status `available`, the `engine-mode`
 * filter keeps versions that create provisioned-mode clusters (Serverless v2 is provisioned mode with
 * `db.serverless` instances), and `latest` sorts the matches and takes the last (without it several
 * matches are an error: "multiple RDS engine versions"). Region: the invoke inherits the
 * component's provider (us-east-2).
 */
export function engineVersionQuery(major: number) {
  return {
    engine: "aurora-postgresql",
    parameterGroupFamily: parameterGroupFamily(major),
    filters: [{ name: "engine-mode", values: ["provisioned"] }],
    latest: true,
  };
}

export interface EngineVersion {
  readonly major: number;
  readonly minor: number;
  /** Whether Serverless v2 may scale this version to 0 ACUs (auto-pause). */
  readonly supportsAutoPause: boolean;
}

/** Parses "17.6"; undefined when it is not a version of a major this layer supports. */
export function parseEngineVersion(value: string): EngineVersion | undefined {
  const match = /^(\d{2})\.(\d{1,2})$/.exec(value);
  const major = Number(match?.[1]);
  const limits = AURORA_POSTGRESQL_MAJORS[major];
  if (!match || !limits) {
    return undefined;
  }
  const minor = Number(match[2]);
  return { major, minor, supportsAutoPause: minor >= limits.autoPauseFromMinor };
}

/**
 * The deploy-time check of what getEngineVersion resolved: a minor of the configured major, and
 * one that supports auto-pause when minCapacity is 0. Thrown inside the Output, it fails
 * `pulumi preview` before the cluster is created or changed.
 */
export function checkResolvedEngineVersion(resolved: string, major: number, minCapacity: number): string {
  const engine = parseEngineVersion(resolved);
  if (!engine || engine.major !== major) {
    throw new Error(`aws.rds.getEngineVersion resolved aurora-postgresql "${resolved}" for engineMajorVersion ${major}; expected ${major}.<minor>`);
  }
  if (minCapacity === 0 && !engine.supportsAutoPause) {
    throw new Error(
      `minCapacity 0 (auto-pause) needs aurora-postgresql ${major}.${AURORA_POSTGRESQL_MAJORS[major].autoPauseFromMinor} or later, and the newest available ${major} minor is ${resolved}`,
    );
  }
  return resolved;
}
