import { StackValidationPolicy } from "@pulumi/policy";
import { AURORA_READER_IN_ANOTHER_AZ } from "../../lib/availability-checks";

/** High-availability rule, mandatory outside the ephemeral profile (lib/high-availability.ts, ADR 0014). */
export const AuroraReaderInAnotherAz: StackValidationPolicy = AURORA_READER_IN_ANOTHER_AZ.mandatory;
