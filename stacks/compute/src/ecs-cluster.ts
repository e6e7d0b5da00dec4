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
 * The ECS cluster with Container Insights, its Fargate capacity providers, and the log groups
 * its workloads write to. The groups are pre-created with the logs key and 30-day retention,
 * because a group AWS creates on first write would be unencrypted and kept forever.
 */
export class EcsCluster extends pulumi.ComponentResource {
  readonly cluster: aws.ecs.Cluster;
  readonly capacityProviders: aws.ecs.ClusterCapacityProviders;
  /** The application container's awslogs group. */
  readonly logGroup: aws.cloudwatch.LogGroup;
  readonly insightsLogGroup: aws.cloudwatch.LogGroup;

  constructor(name: string, args: EcsClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    super("fin:compute:EcsCluster", name, {}, opts);

    const clusterName = physicalName("ecsCluster", "ecs-cluster", args.environmentSuffix);
    const logGroup = (suffix: string, groupName: string) =>
      new aws.cloudwatch.LogGroup(
        `${name}-${suffix}`,
        { name: groupName, retentionInDays: REQUIREMENTS.logRetentionDays, kmsKeyId: args.logsKeyArn },
        { parent: this },
      );

    this.logGroup = logGroup("app", physicalName("logGroup", "/ecs/analytics", args.environmentSuffix));
    this.insightsLogGroup = logGroup("insights", containerInsightsLogGroupName(clusterName));

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
