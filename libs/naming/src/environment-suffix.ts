/** The config key, and the environment variable that names an ephemeral stack (CI sets it per run). */
export const ENVIRONMENT_SUFFIX_KEY = "environmentSuffix";
export const ENVIRONMENT_SUFFIX_ENV = "ENVIRONMENT_SUFFIX";

/**
 * 20 characters keeps the tightest AWS limit we name against (ALB and target group, 32)
 * readable: `alb-` plus the longest suffix still fits without shortening.
 */
export const ENVIRONMENT_SUFFIX_MAX_LENGTH = 20;

export const ENVIRONMENT_SUFFIX_RULE =
  `1-${ENVIRONMENT_SUFFIX_MAX_LENGTH} characters of lowercase letters, digits and single hyphens, ` +
  "starting with a letter and not ending with a hyphen";

// A letter, then letters/digits, each hyphen followed by a letter or digit: no "--", no trailing "-".
const SUFFIX_PATTERN = /^[a-z](?:[a-z0-9]|-(?=[a-z0-9]))*$/;

/** Returns the problem with a suffix, or undefined when it is valid. */
export function environmentSuffixProblem(value: string): string | undefined {
  if (value.length <= ENVIRONMENT_SUFFIX_MAX_LENGTH && SUFFIX_PATTERN.test(value)) {
    return undefined;
  }
  return `${ENVIRONMENT_SUFFIX_KEY} '${value}' is invalid: it must be ${ENVIRONMENT_SUFFIX_RULE}`;
}

export interface ResolvedSuffix {
  /** The suffix to name resources with; undefined when missing or when `problem` is set. */
  readonly value: string | undefined;
  readonly source: "environment" | "config" | "missing";
  /** Why no suffix can be used: ENVIRONMENT_SUFFIX is empty, or it would rename a named environment. */
  readonly problem?: string;
}

/**
 * The suffix of a stack. The stack config's `environmentSuffix` names a committed environment
 * (dev, staging, prod) and nothing may rename it: a different suffix renames every physical name,
 * which replaces the Aurora cluster (no final snapshot) and the buckets (objects deleted). So
 * `ENVIRONMENT_SUFFIX` only names a stack whose config leaves the key unset, "" being the
 * Pulumi.yaml default that means unset (ephemeral stacks such as pr-123); when both are set they
 * must agree. An empty `ENVIRONMENT_SUFFIX` is a mistake (a CI variable that did not expand), never
 * "unset".
 */
export function resolveEnvironmentSuffix(
  env: Readonly<Record<string, string | undefined>>,
  configured: string | undefined,
): ResolvedSuffix {
  const fromEnv = env[ENVIRONMENT_SUFFIX_ENV];
  const fromConfig = configured === "" ? undefined : configured;
  if (fromEnv === "") {
    return {
      value: undefined,
      source: "environment",
      problem:
        `${ENVIRONMENT_SUFFIX_ENV} is set but empty: unset it to use the stack config's ${ENVIRONMENT_SUFFIX_KEY}` +
        `${fromConfig === undefined ? "" : ` '${fromConfig}'`}, or set it to the ephemeral stack's suffix`,
    };
  }
  if (fromEnv !== undefined && fromConfig !== undefined && fromEnv !== fromConfig) {
    return {
      value: undefined,
      source: "environment",
      problem:
        `${ENVIRONMENT_SUFFIX_ENV} '${fromEnv}' differs from the stack config's ${ENVIRONMENT_SUFFIX_KEY} '${fromConfig}': ` +
        "a stack that names its suffix keeps it (another suffix renames, so replaces, every named resource); " +
        `unset ${ENVIRONMENT_SUFFIX_ENV}, or use it only for a stack whose config leaves ${ENVIRONMENT_SUFFIX_KEY} unset`,
    };
  }
  if (fromConfig !== undefined) {
    return { value: fromConfig, source: "config" };
  }
  return fromEnv === undefined ? { value: undefined, source: "missing" } : { value: fromEnv, source: "environment" };
}
