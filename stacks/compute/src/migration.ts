// How today's single-service program maps onto the catalog (ADR 0017, "Migration"). Pulumi matches
// a resource to its old state by URN; an alias names the old URN, so a resource that keeps its
// identity is updated (or left alone) instead of created anew and the old one deleted. A component's
// alias also aliases each child whose name starts with the component's name
// (@pulumi/pulumi resource.js, allAliases and inheritedChildAlias).

/** The logical name every component of the single-service program had. */
export const LEGACY_NAME = "analytics";

/** The catalog service that takes over the single service's URNs (the dashboards' API, the default route). */
export const LEGACY_SUCCESSOR = "api";

/** The logical name of the shared components (cluster, load balancer), aliased from LEGACY_NAME. */
export const SHARED_NAME = "platform";

/** The component types of the single-service program, for aliases that name an old parent. */
export const LEGACY_TYPES = {
  cluster: "fin:compute:EcsCluster",
} as const;
