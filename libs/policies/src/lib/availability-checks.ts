import * as aws from "@pulumi/aws";
import { PolicyResource } from "@pulumi/policy";
import { Shortfall, highAvailabilityPair } from "./high-availability";
import { list } from "./values";

/** Tasks (and AZs) a service keeps at its floor so that losing one AZ leaves it serving. */
export const MIN_HIGHLY_AVAILABLE_TASKS = 2;

/**
 * Every Aurora cluster has a writer and a reader in another AZ, so a failover has somewhere to go
 * (Aurora promotes a replica when the writer fails: https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Concepts.AuroraHighAvailability.html).
 */
function auroraShortfalls(resources: readonly PolicyResource[]): Shortfall[] {
  const instances = resources.filter((r) => r.isType(aws.rds.ClusterInstance));
  return resources
    .filter((r) => r.isType(aws.rds.Cluster))
    .flatMap((cluster) => {
      const own = instances.filter((i) => [cluster.props.id, cluster.props.clusterIdentifier].includes(i.props.clusterIdentifier));
      const zones = own.map((i) => i.props.availabilityZone);
      const name = String(cluster.props.clusterIdentifier ?? cluster.name);
      if (own.length < 2) {
        return [{ resource: cluster, message: `Aurora cluster '${name}' has ${own.length} instance(s); it needs a writer and a reader in another AZ to fail over to.` }];
      }
      const known = zones.every((z) => typeof z === "string");
      if (known && new Set(zones).size < 2) {
        return [{ resource: cluster, message: `Aurora cluster '${name}' has all its instances in ${String(zones[0])}; put the reader in another AZ.` }];
      }
      return [];
    });
}

/** Every ECS service keeps at least two tasks over at least two subnets (AZs) at its autoscaling floor. */
function serviceShortfalls(resources: readonly PolicyResource[]): Shortfall[] {
  const targets = resources.filter((r) => r.isType(aws.appautoscaling.Target));
  return resources
    .filter((r) => r.isType(aws.ecs.Service))
    .flatMap((service) => {
      const serviceName = String(service.props.name ?? service.name);
      const target = targets.find((t) => String(t.props.resourceId).endsWith(`/${serviceName}`));
      const floor = Number(target?.props.minCapacity ?? service.props.desiredCount ?? 0);
      const subnets = list(service.props.networkConfiguration?.subnets).length;
      const problems = [
        floor < MIN_HIGHLY_AVAILABLE_TASKS ? `runs ${floor} task(s) at its floor; at least ${MIN_HIGHLY_AVAILABLE_TASKS} keep it serving when an AZ fails` : undefined,
        subnets < MIN_HIGHLY_AVAILABLE_TASKS ? `has ${subnets} subnet(s); at least ${MIN_HIGHLY_AVAILABLE_TASKS} AZs are needed` : undefined,
      ].filter((p): p is string => p !== undefined);
      return problems.length === 0 ? [] : [{ resource: service, message: `ECS service '${serviceName}' ${problems.join(" and ")}.` }];
    });
}

export const AURORA_READER_IN_ANOTHER_AZ = highAvailabilityPair("aurora-reader-in-another-az", "Every Aurora cluster has a writer and a reader in different AZs.", auroraShortfalls);

export const SERVICE_SPANS_AVAILABILITY_ZONES = highAvailabilityPair(
  "service-spans-availability-zones",
  `Every ECS service keeps at least ${MIN_HIGHLY_AVAILABLE_TASKS} tasks over at least ${MIN_HIGHLY_AVAILABLE_TASKS} AZs at its floor.`,
  serviceShortfalls,
);
