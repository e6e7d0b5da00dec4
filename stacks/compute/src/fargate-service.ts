import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { physicalName } from "@fin/naming";
import type { CpuArchitecture } from "./config";
import { STOP_TIMEOUT_SECONDS } from "./spot-shutdown";

/**
 * The writable scratch volume on /tmp; the root filesystem is read-only. Fargate creates a task bind
 * mount owned by root with mode 0755, so UID 10001 can write it only if the image declares
 * `VOLUME ["/tmp"]` on a directory it owns or made 1777: ECS then copies that directory, permissions
 * included, into the volume. What the image must do is in the README, "Image requirements".
 * Source: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/bind-mounts.html
 * ("Considerations when using bind mounts"); aws/containers-roadmap#938.
 */
export const TMP_VOLUME = "tmp";
export const TMP_PATH = "/tmp";
/** Probe timing of the optional container health check (ECS HealthCheck ranges: 5-300, 2-60, 1-10, 0-300). */
export const CONTAINER_HEALTH_CHECK_TIMING = { interval: 30, timeout: 5, retries: 3, startPeriod: 60 } as const;
/** Scale out fast, scale in slowly so a brief dip does not drop capacity that is needed again. */
export const SCALE_OUT_COOLDOWN_SECONDS = 60;
export const SCALE_IN_COOLDOWN_SECONDS = 300;

export interface FargateServiceArgs {
  readonly environmentSuffix: string;
  /** The catalog service: its container's name and the base of every physical name. */
  readonly serviceName: string;
  readonly region: string;
  readonly clusterArn: pulumi.Input<string>;
  readonly clusterName: pulumi.Input<string>;
  /** Created before the service: the capacity providers and the forwarding listener. */
  readonly waitFor: pulumi.Resource[];
  readonly taskCpu: number;
  readonly taskMemory: number;
  readonly image: pulumi.Input<string>;
  /**
   * Whether the image is in the repository (image.ts). Until it is, the service is created with 0 tasks,
   * autoscaling may go down to 0, and `up` does not wait for a steady state there is nothing to reach.
   */
  readonly imagePresent: pulumi.Input<boolean>;
  /** 0 for a worker: no port mapping. */
  readonly containerPort: number;
  readonly containerUser: string;
  /** Run in CMD (exec) form inside the container; empty means no container health check (the ALB probes). */
  readonly containerHealthCheckCommand: readonly string[];
  readonly cpuArchitecture: CpuArchitecture;
  readonly logGroupName: pulumi.Input<string>;
  /** Plain, non-secret configuration (endpoints, names, ports). No secrets: each service authenticates with its task role (ADR 0017). */
  readonly environment: Record<string, pulumi.Input<string>>;
  readonly executionRoleArn: pulumi.Input<string>;
  readonly taskRoleArn: pulumi.Input<string>;
  /**
   * The roles' policy attachments. The task definition and the service wait for them, because a role
   * ARN exists before its policy is attached; tasks started in between fail on ECR, the logs or the
   * secret, and those failures count toward the deployment circuit breaker.
   */
  readonly rolePolicyAttachments: readonly pulumi.Resource[];
  readonly subnetIds: pulumi.Input<pulumi.Input<string>[]>;
  readonly securityGroupId: pulumi.Input<string>;
  /** Public services: the ALB target group the tasks register in. */
  readonly targetGroupArn?: pulumi.Input<string>;
  /** Called services: the Cloud Map service the tasks register their address in (ADR 0017). */
  readonly registryArn?: pulumi.Input<string>;
  readonly minTasks: number;
  readonly maxTasks: number;
  readonly onDemandBaseTasks: number;
  readonly cpuTargetPercent: number;
  readonly memoryTargetPercent: number;
  readonly healthCheckGracePeriodSeconds: number;
  readonly waitForSteadyState: boolean;
}

const sortedEntries = (values: Record<string, pulumi.Input<string>>) => Object.keys(values).sort().map((name) => ({ name, value: values[name] }));

/**
 * One catalog service: a hardened Fargate task on Spot capacity in the private subnets (behind the
 * ALB when public), with target-tracking autoscaling on CPU and memory.
 */
export class FargateService extends pulumi.ComponentResource {
  readonly taskDefinition: aws.ecs.TaskDefinition;
  readonly service: aws.ecs.Service;
  readonly scalingTarget: aws.appautoscaling.Target;

  constructor(name: string, args: FargateServiceArgs, opts?: pulumi.ComponentResourceOptions) {
    super("fin:compute:FargateService", name, {}, opts);

    const suffix = args.environmentSuffix;
    const present = pulumi.output(args.imagePresent);
    const containerName = args.serviceName;
    const container = {
      name: containerName,
      image: args.image,
      essential: true,
      user: args.containerUser,
      readonlyRootFilesystem: true,
      privileged: false,
      portMappings: args.containerPort === 0 ? [] : [{ containerPort: args.containerPort, hostPort: args.containerPort, protocol: "tcp" }],
      environment: sortedEntries(args.environment),
      mountPoints: [{ sourceVolume: TMP_VOLUME, containerPath: TMP_PATH, readOnly: false }],
      // An init process forwards SIGTERM to the app; no Linux capabilities are needed.
      linuxParameters: { initProcessEnabled: true, capabilities: { add: [], drop: ["ALL"] } },
      // Off unless configured: the ALB already probes healthCheckPath, and a CMD-SHELL/curl probe would
      // mark every task of a shell-less (distroless) image UNHEALTHY. "CMD" runs the arguments directly,
      // without a shell (ECS HealthCheck.command:
      // https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_HealthCheck.html).
      ...(args.containerHealthCheckCommand.length === 0
        ? {}
        : { healthCheck: { command: ["CMD", ...args.containerHealthCheckCommand], ...CONTAINER_HEALTH_CHECK_TIMING } }),
      // Drain plus this must fit in the Spot notice (spot-shutdown.ts).
      stopTimeout: STOP_TIMEOUT_SECONDS,
      logConfiguration: {
        logDriver: "awslogs",
        options: { "awslogs-group": args.logGroupName, "awslogs-region": args.region, "awslogs-stream-prefix": containerName },
      },
    };

    this.taskDefinition = new aws.ecs.TaskDefinition(
      name,
      {
        family: physicalName("taskFamily", args.serviceName, suffix),
        requiresCompatibilities: ["FARGATE"],
        networkMode: "awsvpc",
        cpu: String(args.taskCpu),
        memory: String(args.taskMemory),
        // FARGATE_SPOT runs Linux X86_64 (platform 1.3.0+) and ARM64 (1.4.0+; LATEST is 1.4.0):
        // https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CapacityProviderStrategyItem.html
        runtimePlatform: { cpuArchitecture: args.cpuArchitecture, operatingSystemFamily: "LINUX" },
        executionRoleArn: args.executionRoleArn,
        taskRoleArn: args.taskRoleArn,
        volumes: [{ name: TMP_VOLUME }],
        containerDefinitions: pulumi.jsonStringify([container]),
      },
      { parent: this, dependsOn: [...args.rolePolicyAttachments] },
    );

    this.service = new aws.ecs.Service(
      name,
      {
        name: physicalName("ecsService", `${args.serviceName}-service`, suffix),
        cluster: args.clusterArn,
        taskDefinition: this.taskDefinition.arn,
        // The count at creation only: autoscaling owns it afterwards (ignoreChanges below).
        desiredCount: present.apply((p) => (p ? args.minTasks : 0)),
        // No launchType: it conflicts with a strategy. FARGATE only supplies the optional on-demand
        // base (weight 0); everything above it runs on Spot.
        capacityProviderStrategies: [
          { capacityProvider: "FARGATE", base: args.onDemandBaseTasks, weight: 0 },
          { capacityProvider: "FARGATE_SPOT", weight: 1 },
        ],
        platformVersion: "LATEST",
        networkConfiguration: { subnets: args.subnetIds, securityGroups: [args.securityGroupId], assignPublicIp: false },
        ...(args.targetGroupArn === undefined
          ? {}
          : {
              loadBalancers: [{ targetGroupArn: args.targetGroupArn, containerName, containerPort: args.containerPort }],
              // Only a service behind a load balancer may set a grace period (CreateService API reference).
              healthCheckGracePeriodSeconds: args.healthCheckGracePeriodSeconds,
            }),
        // awsvpc tasks register A records, which need no port (ServiceRegistry API reference:
        // https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ServiceRegistry.html).
        ...(args.registryArn === undefined ? {} : { serviceRegistries: { registryArn: args.registryArn } }),
        deploymentCircuitBreaker: { enable: true, rollback: true },
        deploymentMinimumHealthyPercent: 100,
        deploymentMaximumPercent: 200,
        // Spot reclaims unevenly across AZs; let ECS move tasks back into balance.
        availabilityZoneRebalancing: "ENABLED",
        enableExecuteCommand: false,
        propagateTags: "SERVICE",
        enableEcsManagedTags: true,
        // Strategy changes are rejected unless they roll out as a new deployment.
        forceNewDeployment: true,
        // With 0 tasks there is no deployment to wait for, and a failed pull would only end at the
        // provider's 20-minute create timeout (hashicorp/terraform-provider-aws
        // internal/service/ecs/service.go, Timeouts: Create 20 minutes).
        waitForSteadyState: present.apply((p) => p && args.waitForSteadyState),
      },
      // Autoscaling owns the desired count after creation.
      { parent: this, dependsOn: [...args.waitFor, ...args.rolePolicyAttachments], ignoreChanges: ["desiredCount"] },
    );

    this.scalingTarget = new aws.appautoscaling.Target(
      name,
      {
        serviceNamespace: "ecs",
        scalableDimension: "ecs:service:DesiredCount",
        resourceId: pulumi.interpolate`service/${args.clusterName}/${this.service.name}`,
        // Raising the minimum from 0 once the image is there starts the tasks: RegisterScalableTarget
        // "changes the resource's current capacity to a value that is inside of this range"
        // (https://docs.aws.amazon.com/autoscaling/application/APIReference/API_RegisterScalableTarget.html).
        minCapacity: present.apply((p) => (p ? args.minTasks : 0)),
        maxCapacity: args.maxTasks,
      },
      { parent: this },
    );

    const tracking = (kind: "cpu" | "memory", predefinedMetricType: string, targetValue: number) =>
      new aws.appautoscaling.Policy(
        `${name}-${kind}`,
        {
          name: physicalName("generic", `${args.serviceName}-${kind}-tracking`, suffix),
          policyType: "TargetTrackingScaling",
          serviceNamespace: this.scalingTarget.serviceNamespace,
          scalableDimension: this.scalingTarget.scalableDimension,
          resourceId: this.scalingTarget.resourceId,
          targetTrackingScalingPolicyConfiguration: {
            predefinedMetricSpecification: { predefinedMetricType },
            targetValue,
            scaleOutCooldown: SCALE_OUT_COOLDOWN_SECONDS,
            scaleInCooldown: SCALE_IN_COOLDOWN_SECONDS,
          },
        },
        { parent: this },
      );
    tracking("cpu", "ECSServiceAverageCPUUtilization", args.cpuTargetPercent);
    tracking("memory", "ECSServiceAverageMemoryUtilization", args.memoryTargetPercent);

    this.registerOutputs({});
  }
}
