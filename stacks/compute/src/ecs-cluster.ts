import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { REQUIREMENTS } from "@fin/config";
import { physicalName } from "@fin/naming";

export interface EcsClusterArgs {
  readonly environmentSuffix: string;
  /** The logs key every CloudWatch log group is encrypted with. */
  readonly logsKeyArn: pulumi.Input<string>;
}

/** Where Container Insights writes a cluster's performance events. */
export function containerInsightsLogGroupName(clusterName: string): string {
  return `/aws/ecs/containerinsights/${clusterName}/performance`;
}

/**
 * The ECS cluster every catalog service runs in, with Container Insights and its Fargate capacity
 * providers. Insights' log group is pre-created with the logs key and 30-day retention, because a
 * group AWS creates on first write would be unencrypted and kept forever (each service's own group
 * is created the same way by its CatalogService).
 */
export class EcsCluster extends pulumi.ComponentResource {
  readonly cluster: aws.ecs.Cluster;
  readonly capacityProviders: aws.ecs.ClusterCapacityProviders;
  readonly insightsLogGroup: aws.cloudwatch.LogGroup;

  constructor(name: string, args: EcsClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    super("fin:compute:EcsCluster", name, {}, opts);

    const clusterName = physicalName("ecsCluster", "ecs-cluster", args.environmentSuffix);
    this.insightsLogGroup = new aws.cloudwatch.LogGroup(
      `${name}-insights`,
      { name: containerInsightsLogGroupName(clusterName), retentionInDays: REQUIREMENTS.logRetentionDays, kmsKeyId: args.logsKeyArn },
      { parent: this },
    );

    this.cluster = new aws.ecs.Cluster(
      name,
      { name: clusterName, settings: [{ name: "containerInsights", value: "enabled" }] },
      // Container Insights must find its group already encrypted and bounded.
      { parent: this, dependsOn: [this.insightsLogGroup] },
    );

    // A separate resource (provider v5+ removed the inline form); services referencing
    // FARGATE_SPOT must wait for it or CreateService rejects the strategy.
    this.capacityProviders = new aws.ecs.ClusterCapacityProviders(
      name,
      {
        clusterName: this.cluster.name,
        capacityProviders: ["FARGATE_SPOT", "FARGATE"],
        defaultCapacityProviderStrategies: [{ capacityProvider: "FARGATE_SPOT", weight: 1, base: 0 }],
      },
      { parent: this },
    );

    this.registerOutputs({});
  }
}
