import { StackValidationPolicy } from "@pulumi/policy";
import { AURORA_READER_IN_ANOTHER_AZ } from "../../lib/availability-checks";

/** High-availability rule, advisory in the ephemeral profile (lib/high-availability.ts, ADR 0014). */
export const AuroraReaderInAnotherAzEphemeral: StackValidationPolicy = AURORA_READER_IN_ANOTHER_AZ.advisory;
