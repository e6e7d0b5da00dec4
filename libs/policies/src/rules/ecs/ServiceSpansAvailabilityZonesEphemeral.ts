import { StackValidationPolicy } from "@pulumi/policy";
import { SERVICE_SPANS_AVAILABILITY_ZONES } from "../../lib/availability-checks";

/** High-availability rule, advisory in the ephemeral profile (lib/high-availability.ts, ADR 0014). */
export const ServiceSpansAvailabilityZonesEphemeral: StackValidationPolicy = SERVICE_SPANS_AVAILABILITY_ZONES.advisory;
