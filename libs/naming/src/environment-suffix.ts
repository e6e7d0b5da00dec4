/** The config key, and the environment variable that overrides it (CI sets it per run). */
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
  readonly value: string | undefined;
  readonly source: "environment" | "config" | "missing";
}

/** `ENVIRONMENT_SUFFIX` wins when set (even to an empty string, which then fails validation). */
export function resolveEnvironmentSuffix(
  env: Readonly<Record<string, string | undefined>>,
  configured: string | undefined,
): ResolvedSuffix {
  const fromEnv = env[ENVIRONMENT_SUFFIX_ENV];
  if (fromEnv !== undefined) {
    return { value: fromEnv, source: "environment" };
  }
  return configured === undefined ? { value: undefined, source: "missing" } : { value: configured, source: "config" };
}
