import { PolicyProviderResource } from "@pulumi/policy";
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
