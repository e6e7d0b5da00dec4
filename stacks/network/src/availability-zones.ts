import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ConfigValidationError } from "@fin/config";

/** The config key the zones come from; the deploy-time message names it like a config error. */
export const AVAILABILITY_ZONES_KEY = "availabilityZones";

/**
 * A RunError, so the CLI prints its message without a stack trace (@pulumi/pulumi cmd/run/run.ts
 * `uncaughtHandler`), whose message stays as written. Every resource whose inputs wait on the
 * failed check rethrows this same error after prefixing `error serializing property "<name>": `
 * to its message (@pulumi/pulumi runtime/rpc.ts `serializeFilteredProperties`); with every resource
 * of the layer waiting, that would bury the one line the operator needs, so the prefixes are dropped.
 */
export class UnavailableZoneError extends pulumi.RunError {
  constructor(text: string) {
    super(text);
    Object.defineProperty(this, "message", { get: () => text, set: () => undefined });
  }
}

/**
 * One issue per configured zone the region does not offer this account, in the ConfigReader
 * format (key, value, rule). Config can only check the name's shape (`<region><letter>`); which
 * letters exist, and which are enabled for an account, only AWS knows.
 */
export function unavailableZoneIssues(configured: readonly string[], available: readonly string[], region: string): string[] {
  return configured
    .filter((zone) => !available.includes(zone))
    .map(
      (zone) =>
        `${AVAILABILITY_ZONES_KEY}[] ${JSON.stringify(zone)} is invalid: is not an available availability zone of ${region} ` +
        `for this account (available: ${available.join(", ")})`,
    );
}

/** The configured zones when AWS offers each of them; otherwise one error listing every one it does not. */
export function requireAvailableZones(configured: readonly string[], available: readonly string[], region: string, context: string): string[] {
  const issues = unavailableZoneIssues(configured, available, region);
  if (issues.length > 0) {
    throw new UnavailableZoneError(new ConfigValidationError(context, issues).message);
  }
  return [...configured];
}

/**
 * The configured zones, once AWS has confirmed each is available in the region. Inputs taken
 * through this output wait for the check, and a failed check rejects them, so a resource built on
 * it is never sent to the engine: `pulumi preview` already fails, and `up` creates nothing.
 *
 * `state: "available"` leaves out zones that are impaired or unavailable
 * (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeAvailabilityZones.html).
 * The list can also hold enabled Local Zones (@pulumi/aws getAvailabilityZones docs); config's
 * `<region><letter>` shape check already keeps their names (us-west-2-lax-1a) out.
 * The invoke takes `opts.parent` and, through it, the parent's explicit provider (the stacks turn
 * default providers off): @pulumi/pulumi runtime/invoke.ts `getProvider`.
 */
export function checkedAvailabilityZones(
  configured: readonly string[],
  region: string,
  opts: pulumi.InvokeOutputOptions,
): pulumi.Output<string[]> {
  return aws
    .getAvailabilityZonesOutput({ state: "available" }, opts)
    .names.apply((available) => requireAvailableZones(configured, available, region, `${pulumi.getProject()}/${pulumi.getStack()}`));
}
