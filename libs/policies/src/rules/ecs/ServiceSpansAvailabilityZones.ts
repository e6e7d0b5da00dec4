import { StackValidationPolicy } from "@pulumi/policy";
import { SERVICE_SPANS_AVAILABILITY_ZONES } from "../../lib/availability-checks";

/** High-availability rule, mandatory outside the ephemeral profile (lib/high-availability.ts, ADR 0014). */
export const ServiceSpansAvailabilityZones: StackValidationPolicy = SERVICE_SPANS_AVAILABILITY_ZONES.mandatory;
