import { PolicyResource } from "@pulumi/policy";

/**
 * Which resources of a type another resource points at. Synth's plans carry the mock ARNs, so a
 * reference such as a target group ARN resolves by value (a resource's `arn`, else its `id`). Under
 * `pulumi preview` an ARN of a resource still to be created is unknown, so the resource's
 * dependencies (the engine records every resource an input came from) stand in for it.
 */
export function referenced(
  resources: readonly PolicyResource[],
  from: PolicyResource,
  values: readonly unknown[],
  isWanted: (r: PolicyResource) => boolean,
): PolicyResource[] {
  const candidates = resources.filter(isWanted);
  const byValue = candidates.filter((r) => values.some((v) => typeof v === "string" && (v === r.props.arn || v === r.props.id)));
  const unresolved = values.some((v) => !candidates.some((r) => typeof v === "string" && (v === r.props.arn || v === r.props.id)));
  const byDependency = unresolved ? from.dependencies.filter(isWanted) : [];
  return [...new Set([...byValue, ...byDependency])];
}
