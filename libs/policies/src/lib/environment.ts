import { PolicyProviderResource } from "@pulumi/policy";
import { PROFILE_TAG, type Profile } from "@fin/config";
import { record } from "./values";

/** Stacks (environments) that serve real users; `environment` is the stack name (@fin/config defaultTags). */
export const PRODUCTION_ENVIRONMENTS: readonly string[] = ["prod"];

/** The `environment` default tag of the resource's aws provider, if it has one. */
export function environmentOf(provider: PolicyProviderResource | undefined): string | undefined {
  const environment = record(record(provider?.props.defaultTags).tags).environment;
  return typeof environment === "string" ? environment : undefined;
}

/** Production unless the provider says otherwise: an unknown environment gets the strict rules. */
export function isProduction(provider: PolicyProviderResource | undefined): boolean {
  const environment = environmentOf(provider);
  return environment === undefined || PRODUCTION_ENVIRONMENTS.includes(environment);
}

/**
 * Ephemeral only when the provider's `environment-profile` tag says so (@fin/config defaultTags sets
 * it in the layers that read a profile): an untagged resource gets the production rules. The
 * ephemeral profile (ADR 0014) trades high availability for cost; nothing else changes.
 */
export function isEphemeral(provider: PolicyProviderResource | undefined): boolean {
  const profile: Profile = "ephemeral";
  return record(record(provider?.props.defaultTags).tags)[PROFILE_TAG] === profile;
}
