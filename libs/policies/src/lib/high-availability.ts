import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { isEphemeral } from "./environment";

/** A resource that falls short of a high-availability rule, and why. */
export interface Shortfall {
  readonly resource: PolicyResource;
  readonly message: string;
}

/**
 * The high-availability rules: each is a pair, mandatory for every profile but ephemeral, advisory
 * for ephemeral (ADR 0014), which runs one Aurora instance and one task by design. Security,
 * encryption, retention, naming and networking rules have no such pair: they bind every profile.
 */
export const HIGH_AVAILABILITY_RULES: readonly string[] = ["aurora-reader-in-another-az", "service-spans-availability-zones"];

export const EPHEMERAL_SUFFIX = "-ephemeral";

/** Builds the mandatory rule and its advisory twin from one check. */
export function highAvailabilityPair(
  name: string,
  description: string,
  check: (resources: readonly PolicyResource[]) => Shortfall[],
): { readonly mandatory: StackValidationPolicy; readonly advisory: StackValidationPolicy } {
  const policy = (ephemeral: boolean): StackValidationPolicy => ({
    name: ephemeral ? `${name}${EPHEMERAL_SUFFIX}` : name,
    description: ephemeral ? `${description} Advisory in the ephemeral profile, which runs without standby (ADR 0014).` : `${description} Mandatory outside the ephemeral profile.`,
    enforcementLevel: ephemeral ? "advisory" : "mandatory",
    validateStack: (args, report) => {
      for (const shortfall of check(args.resources).filter((s) => isEphemeral(s.resource.provider) === ephemeral)) {
        report(ephemeral ? `${shortfall.message} Allowed in the ephemeral profile (ADR 0014).` : shortfall.message, shortfall.resource.urn);
      }
    },
  });
  return { mandatory: policy(false), advisory: policy(true) };
}
