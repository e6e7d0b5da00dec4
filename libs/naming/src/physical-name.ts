import { createHash } from "node:crypto";
import { ENVIRONMENT_SUFFIX_KEY, environmentSuffixProblem } from "./environment-suffix";

/** One entry per AWS naming rule we build names against. */
export interface NameRule {
  /** Maximum length of the whole name, as AWS counts it. */
  readonly maxLength: number;
  /** Joins base, hash and suffix; "" where AWS allows only alphanumerics. */
  readonly separator: "-" | "";
  /** What the caller's base may contain for this service. */
  readonly basePattern: RegExp;
  /** Fixed text AWS expects in front of the name (counted in maxLength). */
  readonly prefix?: string;
}

const KEBAB = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
const ALPHANUMERIC = /^[a-z][a-z0-9]*$/;
// Log group names are paths: "/aws/ecs/analytics".
const LOG_PATH = /^(?:\/[a-z0-9][a-z0-9._-]*)+$/;

/**
 * AWS name limits per service. Sources: the CreateLoadBalancer/CreateTargetGroup, CreateRole,
 * CreateDBCluster, CreateBucket, CreateAlias, CreateLogGroup, CreateRepository, CreateStream and
 * CreateBackupVault API references.
 */
export const NAME_RULES = {
  alb: { maxLength: 32, separator: "-", basePattern: KEBAB },
  targetGroup: { maxLength: 32, separator: "-", basePattern: KEBAB },
  iamRole: { maxLength: 64, separator: "-", basePattern: KEBAB },
  iamPolicy: { maxLength: 128, separator: "-", basePattern: KEBAB },
  // Letter first, no "--", no trailing hyphen: KEBAB base + a valid suffix guarantee all three.
  rdsIdentifier: { maxLength: 63, separator: "-", basePattern: KEBAB },
  dbSubnetGroup: { maxLength: 255, separator: "-", basePattern: KEBAB },
  dbParameterGroup: { maxLength: 255, separator: "-", basePattern: KEBAB },
  // PostgreSQL identifiers: alphanumeric only, letter first, 63 bytes.
  rdsDatabaseName: { maxLength: 63, separator: "", basePattern: ALPHANUMERIC },
  s3Bucket: { maxLength: 63, separator: "-", basePattern: KEBAB },
  kmsAlias: { maxLength: 256, separator: "-", basePattern: KEBAB, prefix: "alias/" },
  logGroup: { maxLength: 512, separator: "-", basePattern: LOG_PATH },
  ecsCluster: { maxLength: 255, separator: "-", basePattern: KEBAB },
  ecsService: { maxLength: 255, separator: "-", basePattern: KEBAB },
  taskFamily: { maxLength: 255, separator: "-", basePattern: KEBAB },
  ecrRepository: { maxLength: 256, separator: "-", basePattern: KEBAB },
  kinesisStream: { maxLength: 128, separator: "-", basePattern: KEBAB },
  backupVault: { maxLength: 50, separator: "-", basePattern: KEBAB },
  backupPlan: { maxLength: 50, separator: "-", basePattern: KEBAB },
  backupSelection: { maxLength: 50, separator: "-", basePattern: KEBAB },
  securityGroup: { maxLength: 255, separator: "-", basePattern: KEBAB },
  flowLog: { maxLength: 255, separator: "-", basePattern: KEBAB },
  vpc: { maxLength: 255, separator: "-", basePattern: KEBAB },
  generic: { maxLength: 255, separator: "-", basePattern: KEBAB },
} as const satisfies Record<string, NameRule>;

export type NameKind = keyof typeof NAME_RULES;

/** Length of the hash that replaces the cut part of a name that is too long. */
export const NAME_HASH_LENGTH = 6;

export function shortHash(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, NAME_HASH_LENGTH);
}

/**
 * `<base>-<suffix>` within the service's rules. A name over the limit keeps its suffix and
 * the start of its base, and gets a hash of the full name in between, so the result is
 * deterministic and two different long bases never collide. A name whose suffix alone does
 * not fit is rejected.
 */
export function physicalName(kind: NameKind, base: string, environmentSuffix: string): string {
  return fitName(kind, NAME_RULES[kind], base, environmentSuffix);
}

/** {@link physicalName} against an explicit rule; `label` names the rule in errors. */
export function fitName(label: string, rule: NameRule, base: string, environmentSuffix: string): string {
  const suffixProblem = environmentSuffixProblem(environmentSuffix);
  if (suffixProblem) {
    throw new Error(suffixProblem);
  }
  if (!rule.basePattern.test(base)) {
    throw new Error(`Name base '${base}' is not valid for a ${label} name: it must match ${rule.basePattern}`);
  }
  const sep = rule.separator;
  // Where only alphanumerics are allowed, the suffix loses its hyphens ("pr-12" -> "pr12").
  const suffix = sep === "" ? environmentSuffix.replace(/-/g, "") : environmentSuffix;
  const prefix = rule.prefix ?? "";
  const full = `${prefix}${base}${sep}${suffix}`;
  if (full.length <= rule.maxLength) {
    return full;
  }
  const room = rule.maxLength - prefix.length - suffix.length - NAME_HASH_LENGTH - 2 * sep.length;
  if (room < 1) {
    throw new Error(
      `${ENVIRONMENT_SUFFIX_KEY} '${environmentSuffix}' is too long for a ${label} name: ` +
        `'${full}' exceeds ${rule.maxLength} characters even when shortened`,
    );
  }
  // Cutting a kebab base can leave a trailing hyphen; drop it so no "--" appears.
  const head = base.slice(0, room).replace(/-+$/, "");
  return `${prefix}${head}${sep}${shortHash(full)}${sep}${suffix}`;
}
