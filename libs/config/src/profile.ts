import { EPHEMERAL_STACK, PROFILE_KEY, PROTECTED_KEY, stackProtection } from "@fin/naming";
import type { ConfigReader } from "./config-reader";

/**
 * Environment profiles: the shape an environment runs in (ADR 0014). Security, encryption,
 * retention, naming and networking (3-AZ VPC, endpoints in 3 AZs, no NAT) are the same in both;
 * only the high-availability capacity differs.
 */
export const PROFILES = ["production", "ephemeral"] as const;
export type Profile = (typeof PROFILES)[number];

/** The stack config key (@fin/naming); declared in the Pulumi.yaml of each layer whose shape it changes. */
export { PROFILE_KEY };

/**
 * `profile: ""` (the Pulumi.yaml default: the CLI requires a declared key without a default) picks
 * by stack name: a pull request's stack `pr-<n>` (EPHEMERAL_STACK, @fin/naming) is ephemeral, every
 * other stack is production.
 */
export { EPHEMERAL_STACK };

/** What each profile changes. `undefined` keeps the configured value. */
export interface ProfileShape {
  /** Aurora readers beside the writer: production keeps one in another AZ, ephemeral none. */
  readonly auroraReaders: number;
  /** Serverless v2 minimum ACUs; 0 pauses the instance when idle (Aurora Serverless v2 auto-pause). */
  readonly auroraMinCapacity: number | undefined;
  /** Autoscaling floor and initial desired count. */
  readonly minTasks: number | undefined;
}

export const PROFILE_SHAPES: Readonly<Record<Profile, ProfileShape>> = {
  production: { auroraReaders: 1, auroraMinCapacity: undefined, minTasks: undefined },
  ephemeral: { auroraReaders: 0, auroraMinCapacity: 0, minTasks: 1 },
};

/** The profile a stack takes when its config leaves `profile` unset (""). */
export function defaultProfile(stack: string): Profile {
  return EPHEMERAL_STACK.test(stack) ? "ephemeral" : "production";
}

/**
 * Reads `profile`: "" chooses by stack name (EPHEMERAL_STACK), a name must be one of PROFILES, and a
 * protected stack (prod always is, ADR 0011) runs only the production profile.
 */
export function readProfile(reader: ConfigReader): Profile {
  const raw = reader.string(PROFILE_KEY);
  const profile = raw === "" ? defaultProfile(reader.stack) : (raw as Profile);
  if (!(PROFILES as readonly string[]).includes(profile)) {
    reader.problem(PROFILE_KEY, raw, `must be one of ${PROFILES.join(", ")}, or "" to choose by stack name (pr-<n>: ephemeral, any other stack: production)`);
    return "production";
  }
  // Read raw: readLayerConfig already validates the key and reports a bad value once.
  const protection = stackProtection(reader.stack, reader.optionalString(PROTECTED_KEY) === "true");
  reader.check(
    profile === "production" || !protection.protected,
    PROFILE_KEY,
    profile,
    `must be production for stack ${reader.stack}: a protected stack (${protection.reason}) keeps its reader in another AZ and its configured task counts`,
  );
  return profile;
}
