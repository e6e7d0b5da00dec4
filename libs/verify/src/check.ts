import type { AwsClients } from "./clients";
import { AwsErrorKind, ClassifiedError, classifyAwsError } from "./errors";

/** What a check saw: whether it meets the requirement, what was expected and what is there. */
export interface Observation {
  readonly pass: boolean;
  readonly expected: unknown;
  readonly observed: unknown;
  /**
   * Set when the resource is, by design, not there yet, e.g. the service runs 0 tasks while its image
   * is not pushed (compute's `imageStatus`, ADR 0013). A passing observation then reports "waiting".
   */
  readonly waiting?: string;
  /**
   * A verdict other than pass/fail: "pending" when the requirement cannot hold yet and that is
   * expected (no recovery point in an environment younger than a day, a service waiting for its
   * first image); "unknown" when AWS's answer cannot decide it. `reason` says why. Never a pass.
   */
  readonly verdict?: "pending" | "unknown";
  readonly reason?: string;
}

/** One verifiable statement about a deployed resource. */
export interface Check {
  /** Stable id used in reports and `--skip` (`aurora.backup-retention`, `s3.raw.versioning`). */
  readonly id: string;
  /** The requirement in words. */
  readonly title: string;
  /** The resource it looks at (name, id or ARN), so a failure can be followed up. */
  readonly resource: string;
  readonly run: (aws: AwsClients) => Promise<Observation>;
}

/**
 * `unknown`: the check could not be decided (access denied, an API this region or endpoint lacks,
 * throttling that outlasted every retry): never counted as a pass. `error`: the resource is gone or
 * AWS failed otherwise. `pending`: not yet expected to hold (see Observation.verdict). `waiting`: the
 * check's own expectation for a service waiting for its image held (ADR 0013).
 */
export type CheckStatus = "pass" | "fail" | "pending" | "unknown" | "error" | "skipped" | "waiting";

export interface CheckResult {
  readonly id: string;
  readonly title: string;
  readonly resource: string;
  readonly status: CheckStatus;
  readonly expected?: unknown;
  readonly observed?: unknown;
  /** Why the check is waiting (status "waiting"). */
  readonly waiting?: string;
  readonly error?: ClassifiedError;
  /** Why a check is pending or unknown, in words. */
  readonly reason?: string;
  /** How many times the check ran (more than 1 only after throttling). */
  readonly attempts: number;
  readonly durationMs: number;
}

export interface RunOptions {
  /** Check ids reported as skipped instead of run. */
  readonly skip?: readonly string[];
  /** Runs of one check when AWS keeps throttling after the SDK's own retries. */
  readonly maxAttempts?: number;
  /** First backoff delay; doubled per attempt, with jitter. */
  readonly baseDelayMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly now?: () => number;
  readonly random?: () => number;
}

export const DEFAULT_MAX_ATTEMPTS = 4;
export const DEFAULT_BASE_DELAY_MS = 1000;

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Only throttling is worth retrying: access denied and not found will not change within a run. */
const RETRYABLE: readonly AwsErrorKind[] = ["throttled"];
/** Errors that leave the requirement undecided rather than broken. */
const UNDECIDED: readonly AwsErrorKind[] = ["throttled", "access-denied", "unsupported"];

/**
 * Runs checks one after another (a few dozen read-only calls; sequential keeps well under API
 * rate limits) and turns every exception into an `error` result: one broken check never stops
 * the run.
 */
export async function runChecks(checks: readonly Check[], aws: AwsClients, options: RunOptions = {}): Promise<CheckResult[]> {
  const skip = new Set(options.skip ?? []);
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  const baseDelayMs = options.baseDelayMs ?? DEFAULT_BASE_DELAY_MS;
  const sleep = options.sleep ?? defaultSleep;
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const results: CheckResult[] = [];
  for (const check of checks) {
    const { id, title, resource } = check;
    if (skip.has(id)) {
      results.push({ id, title, resource, status: "skipped", attempts: 0, durationMs: 0 });
      continue;
    }
    const started = now();
    for (let attempt = 1; ; attempt++) {
      try {
        const { pass, expected, observed, waiting, verdict, reason } = await check.run(aws);
        const status = verdict ?? (!pass ? "fail" : waiting === undefined ? "pass" : "waiting");
        results.push({
          id,
          title,
          resource,
          status,
          expected,
          observed,
          ...(status === "waiting" ? { waiting } : {}),
          ...(reason === undefined ? {} : { reason }),
          attempts: attempt,
          durationMs: now() - started,
        });
        break;
      } catch (thrown) {
        const error = classifyAwsError(thrown);
        if (RETRYABLE.includes(error.kind) && attempt < maxAttempts) {
          await sleep(baseDelayMs * 2 ** (attempt - 1) * (0.5 + random() / 2));
          continue;
        }
        const status = UNDECIDED.includes(error.kind) ? "unknown" : "error";
        results.push({ id, title, resource, status, error, reason: `${error.kind}: ${error.code}: ${error.message}`, attempts: attempt, durationMs: now() - started });
        break;
      }
    }
  }
  return results;
}

/**
 * The ids a `--skip`/`VERIFY_SKIP` entry names: the check with exactly that id, or, for a per-service
 * check (`<id>.<service>`, ADR 0017), that check of every service (`ecs.service.stable` names
 * `ecs.service.stable.api` and `ecs.service.stable.ingest`, never `ecs.service.stable.api.x`).
 */
export function matchingCheckIds(checks: readonly Pick<Check, "id">[], id: string): string[] {
  return checks.filter((c) => c.id === id || (c.id.startsWith(`${id}.`) && !c.id.slice(id.length + 1).includes("."))).map((c) => c.id);
}
