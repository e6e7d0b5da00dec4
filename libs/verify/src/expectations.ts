// What the code says the compute layer should look like, for the checks that judge configured
// numbers (autoscaling bounds, the on-demand base, the target-tracking targets, HTTPS). They come
// from the environment's synthesized plan (dist/<stack>/compute/preview.json, `npm run synth`), so
// the configuration is read once, by the program itself, under the CLI's rules (ADR 0012), and
// never copied here.
import { Layer } from "@fin/config";
import { LayerPlan, PlannedResource, readLayer } from "@fin/plan";

export interface TrackingPolicy {
  readonly metric: string;
  readonly targetValue: number;
}

/** One catalog service's configured numbers, from its resources in the plan (tagged `service=<name>`). */
export interface ServiceExpectations {
  readonly minTasks: number;
  readonly maxTasks: number;
  /** The FARGATE (on-demand) base of the service's strategy: at most this many tasks off Spot. */
  readonly onDemandBaseTasks: number;
  readonly trackingPolicies: readonly TrackingPolicy[];
}

export interface ComputeExpectations {
  /** Per catalog service, by name. */
  readonly services: Readonly<Record<string, ServiceExpectations>>;
  /** The plan has a 443 HTTPS listener (prod's requireHttps): TLS policy and HTTP redirect are judged. */
  readonly https: boolean;
}

export interface DataExpectations {
  /** The writer's and the reader's DB instance identifiers, as the data layer names them. */
  readonly writer?: string;
  readonly reader?: string;
}

/** Per layer, what its plan says; absent when the plan was not synthesized (checks then say "unknown"). */
export interface Expectations {
  readonly compute?: ComputeExpectations;
  readonly data?: DataExpectations;
  /** Why an expectation is missing, for the checks' "unknown" reason. */
  readonly missing?: string;
}

const ofType = (plan: LayerPlan, type: string): PlannedResource[] => plan.resources.filter((r) => r.type === type);
const num = (value: unknown): number => (typeof value === "number" ? value : Number.NaN);
const get = (value: unknown, key: string): unknown => (typeof value === "object" && value !== null ? (value as Record<string, unknown>)[key] : undefined);

/** The catalog service a planned resource belongs to: its `service` tag (issue 16 contract). */
function serviceTag(r: PlannedResource): string | undefined {
  const value = get(r.inputs["tags"], "service");
  return typeof value === "string" && value !== "" ? value : undefined;
}

export function computeExpectations(plan: LayerPlan): ComputeExpectations {
  const services: Record<string, ServiceExpectations> = {};
  for (const service of ofType(plan, "aws:ecs/service:Service")) {
    const name = serviceTag(service);
    if (name === undefined) {
      continue;
    }
    // A scaling policy takes no tags: it is the service's through its resourceId `service/<cluster>/<ECS service name>`.
    const resourceId = (r: PlannedResource) => String(get(r.inputs, "resourceId")).endsWith(`/${String(get(service.inputs, "name"))}`);
    const target = ofType(plan, "aws:appautoscaling/target:Target").find(resourceId);
    const strategies = (get(service.inputs, "capacityProviderStrategies") ?? []) as unknown[];
    const onDemand = strategies.find((s) => get(s, "capacityProvider") === "FARGATE");
    services[name] = {
      minTasks: num(get(target?.inputs, "minCapacity")),
      maxTasks: num(get(target?.inputs, "maxCapacity")),
      onDemandBaseTasks: onDemand === undefined ? 0 : num(get(onDemand, "base") ?? 0),
      trackingPolicies: ofType(plan, "aws:appautoscaling/policy:Policy")
        .filter(resourceId)
        .map((p) => {
          const config = get(p.inputs, "targetTrackingScalingPolicyConfiguration");
          return { metric: String(get(get(config, "predefinedMetricSpecification"), "predefinedMetricType")), targetValue: num(get(config, "targetValue")) };
        }),
    };
  }
  return { services, https: ofType(plan, "aws:lb/listener:Listener").some((l) => get(l.inputs, "protocol") === "HTTPS") };
}

export function dataExpectations(plan: LayerPlan): DataExpectations {
  const identifier = (role: string) => {
    const found = ofType(plan, "aws:rds/clusterInstance:ClusterInstance").find((r) => r.name.endsWith(`-${role}`));
    const value = get(found?.inputs, "identifier");
    return typeof value === "string" ? value : undefined;
  };
  return { writer: identifier("writer"), reader: identifier("reader") };
}

/** Reads the expectations a layer's checks need from the synthesized plans; a missing plan is reported, not thrown. */
export function readExpectations(distRoot: string, stack: string, layer: Layer, workspaceRoot: string): Expectations {
  if (layer !== "compute" && layer !== "data") {
    return {};
  }
  try {
    const plan = readLayer(distRoot, stack, layer, workspaceRoot);
    return layer === "compute" ? { compute: computeExpectations(plan) } : { data: dataExpectations(plan) };
  } catch (error) {
    return { missing: `${(error as Error).message} (the configured values come from the synthesized plan)` };
  }
}
