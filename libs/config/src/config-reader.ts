import { ENVIRONMENT_SUFFIX_ENV, ENVIRONMENT_SUFFIX_KEY, environmentSuffixProblem, resolveEnvironmentSuffix } from "@fin/naming";
import { pulumiRuntime } from "./pulumi-runtime";

/** Where raw values come from: fully qualified keys ("fin-network:vpcCidr", "aws:region"). */
export interface ConfigSource {
  get(qualifiedKey: string): string | undefined;
}

/** Reads the running Pulumi program's configuration, as `pulumi up` and the mock runtime provide it. */
export function pulumiConfigSource(): ConfigSource {
  return {
    get(qualifiedKey) {
      const cut = qualifiedKey.indexOf(":");
      return new (pulumiRuntime().Config)(qualifiedKey.slice(0, cut)).get(qualifiedKey.slice(cut + 1));
    },
  };
}

/** Thrown once, after every key was read, listing every problem. */
export class ConfigValidationError extends Error {
  constructor(
    readonly context: string,
    readonly issues: readonly string[],
  ) {
    super(`${context} config has ${issues.length} issue${issues.length === 1 ? "" : "s"}:\n${issues.map((i) => `  - ${i}`).join("\n")}`);
    this.name = "ConfigValidationError";
  }
}

export interface NumberRule {
  readonly min?: number;
  readonly max?: number;
  readonly integer?: boolean;
  /** Value must be a multiple of this (Aurora ACUs move in 0.5 steps). */
  readonly step?: number;
}

/**
 * Collects problems while a stack reads its keys; `done()` throws them all at once. Keys are
 * project keys unless they contain ":". Defaults live in each stack's Pulumi.yaml, where the
 * Pulumi CLI applies them, so a key missing here is a real configuration error.
 */
export class ConfigReader {
  private readonly issues: string[] = [];

  constructor(
    readonly project: string,
    readonly stack: string,
    private readonly source: ConfigSource,
    private readonly env: Readonly<Record<string, string | undefined>>,
  ) {}

  private raw(key: string): string | undefined {
    return this.source.get(key.includes(":") ? key : `${this.project}:${key}`);
  }

  /** Records a problem with a key; the message names the key, the value and the rule. */
  problem(key: string, value: unknown, rule: string): void {
    this.issues.push(`${key} ${JSON.stringify(value)} is invalid: ${rule}`);
  }

  /** Records a cross-key rule (min <= max, ...) when it does not hold. */
  check(holds: boolean, key: string, value: unknown, rule: string): void {
    if (!holds) {
      this.problem(key, value, rule);
    }
  }

  private missing(key: string): void {
    this.issues.push(`${key} is required but not set (declare a default in Pulumi.yaml or set it in the stack config)`);
  }

  /** Records a key that another setting makes required (`why`) when it is not set. */
  requireWhen(required: boolean, isSet: boolean, key: string, why: string): void {
    if (required && !isSet) {
      this.issues.push(`${key} is required but not set: ${why}`);
    }
  }

  optionalString(key: string, pattern?: RegExp, rule?: string): string | undefined {
    const value = this.raw(key);
    if (value !== undefined && pattern && !pattern.test(value)) {
      this.problem(key, value, rule ?? `must match ${pattern}`);
    }
    return value;
  }

  string(key: string, pattern?: RegExp, rule?: string): string {
    const value = this.optionalString(key, pattern, rule);
    if (value === undefined) {
      this.missing(key);
      return "";
    }
    return value;
  }

  oneOf<T extends string>(key: string, allowed: readonly T[]): T {
    const value = this.string(key);
    if (value !== "" && !allowed.includes(value as T)) {
      this.problem(key, value, `must be one of ${allowed.join(", ")}`);
    }
    return value as T;
  }

  number(key: string, rule: NumberRule = {}): number {
    const value = this.raw(key);
    if (value === undefined) {
      this.missing(key);
      return Number.NaN;
    }
    const n = Number(value);
    const broken = [
      Number.isFinite(n) && value.trim() !== "" ? undefined : "must be a number",
      rule.integer && !Number.isInteger(n) ? "must be a whole number" : undefined,
      rule.min !== undefined && n < rule.min ? `must be at least ${rule.min}` : undefined,
      rule.max !== undefined && n > rule.max ? `must be at most ${rule.max}` : undefined,
      rule.step !== undefined && !Number.isInteger(n / rule.step) ? `must be a multiple of ${rule.step}` : undefined,
    ].filter((b): b is string => b !== undefined);
    if (broken.length > 0) {
      this.problem(key, value, broken.join(", "));
    }
    return n;
  }

  boolean(key: string): boolean {
    const value = this.raw(key);
    if (value === undefined) {
      this.missing(key);
      return false;
    }
    if (value !== "true" && value !== "false") {
      this.problem(key, value, "must be true or false");
    }
    return value === "true";
  }

  /** A list, given as a JSON array of strings (how Pulumi stores array config). */
  stringList(key: string, item?: { pattern: RegExp; rule: string }): string[] {
    const list = this.optionalStringList(key, item);
    if (list === undefined) {
      this.missing(key);
      return [];
    }
    return list;
  }

  /** {@link stringList} for a key that may be absent (undefined then, without an issue). */
  optionalStringList(key: string, item?: { pattern: RegExp; rule: string }): string[] | undefined {
    const value = this.raw(key);
    if (value === undefined) {
      return undefined;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(value);
    } catch {
      parsed = undefined;
    }
    if (!Array.isArray(parsed) || !parsed.every((v): v is string => typeof v === "string")) {
      this.problem(key, value, "must be a list of strings");
      return [];
    }
    if (item) {
      parsed.filter((v) => !item.pattern.test(v)).forEach((v) => this.problem(`${key}[]`, v, item.rule));
    }
    return parsed;
  }

  /**
   * The stack config's `environmentSuffix` ("" = unset), or `ENVIRONMENT_SUFFIX` for a stack that
   * leaves it unset; both set and different, or an empty variable, is an issue (@fin/naming
   * resolveEnvironmentSuffix). Validated by the naming rules.
   */
  environmentSuffix(): string {
    const { value, problem } = resolveEnvironmentSuffix(this.env, this.raw(ENVIRONMENT_SUFFIX_KEY));
    if (problem !== undefined) {
      this.issues.push(problem);
      return "";
    }
    if (value === undefined) {
      this.issues.push(
        `${ENVIRONMENT_SUFFIX_KEY} is not set: set it in the stack config (pulumi config set ${ENVIRONMENT_SUFFIX_KEY} <suffix>), ` +
          `or set ${ENVIRONMENT_SUFFIX_ENV} for an ephemeral stack`,
      );
      return "";
    }
    const invalid = environmentSuffixProblem(value);
    if (invalid) {
      this.issues.push(invalid);
    }
    return value;
  }

  /** Throws every collected problem at once, or returns the parsed config. */
  done<T>(config: T): T {
    if (this.issues.length > 0) {
      throw new ConfigValidationError(`${this.project}/${this.stack}`, this.issues);
    }
    return config;
  }
}
