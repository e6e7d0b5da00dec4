import { PROTECTED_BY_NAME, SHARED_NETWORK_STACK, SHARED_NETWORK_STACK_KEY, STACK_NAME } from "@fin/naming";
import type { ConfigReader } from "./config-reader";
import type { Layer } from "./layer-config";
import type { Profile } from "./profile";

export { SHARED_NETWORK_STACK, SHARED_NETWORK_STACK_KEY };

/** The layers the shared network's own stack has; data and compute run in each environment's stack. */
export const SHARED_NETWORK_LAYERS: readonly Layer[] = ["security", "network"];

/**
 * What a stack's network layer is (ADR 0019): a host declares the VPC, subnets, endpoints and flow
 * logs (the layer as it always was); a guest declares only its own environment's ALB and database
 * security groups in its host's VPC and passes the host's outputs on.
 */
export type NetworkRole = { readonly role: "host" } | { readonly role: "guest"; readonly host: string };

/**
 * production -> host; ephemeral -> guest of `sharedNetworkStack` ("" = SHARED_NETWORK_STACK), unless
 * the stack is that host itself. Pure: the network program and synth both call it with validated config.
 */
export function networkRole(stack: string, profile: Profile, sharedNetworkStack: string): NetworkRole {
  if (profile === "production") {
    return { role: "host" };
  }
  const host = sharedNetworkStack || SHARED_NETWORK_STACK;
  return stack === host ? { role: "host" } : { role: "guest", host };
}

/**
 * Reads `sharedNetworkStack` for a stack of this profile and records every problem: a production
 * stack keeps its own network, so any value there is a mistake; a value must be a Pulumi stack name;
 * an ephemeral environment never joins a protected-by-name stack's (prod's) VPC.
 */
export function readSharedNetworkStack(reader: ConfigReader, profile: Profile): string {
  const value = reader.string(SHARED_NETWORK_STACK_KEY);
  if (value === "") {
    return value;
  }
  reader.check(
    STACK_NAME.test(value),
    SHARED_NETWORK_STACK_KEY,
    value,
    `must be a Pulumi stack name (letters, digits, "_", "." and "-", 1 to 100 characters), or "" for ${SHARED_NETWORK_STACK}`,
  );
  reader.check(
    profile !== "production",
    SHARED_NETWORK_STACK_KEY,
    value,
    `must be "" for stack ${reader.stack}, whose profile is production: a production environment keeps its own VPC and endpoints; only ephemeral environments share one (ADR 0019)`,
  );
  reader.check(
    !PROTECTED_BY_NAME.includes(value),
    SHARED_NETWORK_STACK_KEY,
    value,
    `must not name a protected stack: a pull request's tasks would run in ${value}'s VPC`,
  );
  return value;
}

/**
 * Stops a layer that the shared network's stack does not have (data, compute) when it runs in that
 * stack, so `pulumi up --stack pr-shared` there (or its synth) stops before any resource. It throws at
 * once with this one issue: every other key of a stack that should not exist would only add noise
 * (no stack file, so no suffix either).
 */
export function checkSharedNetworkLayer(layer: Layer, reader: ConfigReader): void {
  if (reader.stack === SHARED_NETWORK_STACK && !SHARED_NETWORK_LAYERS.includes(layer)) {
    reader.problem(
      "stack",
      reader.stack,
      `has no ${layer} layer: it is the network the ephemeral environments share (ADR 0019), made of ${SHARED_NETWORK_LAYERS.join(" and ")} only; ` +
        `each environment's ${layer} runs in its own stack pr-<n> (synth the shared network with npx nx run-many -t synth -p ${SHARED_NETWORK_LAYERS.join(" ")} --stack=${SHARED_NETWORK_STACK})`,
    );
    reader.done(undefined);
  }
}
