import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { REQUIREMENTS } from "@fin/config";
import { SERVICE_TAG } from "@fin/contracts";
import { physicalName } from "@fin/naming";
import { type CatalogEntry, databaseUserOf, urlVariableOf } from "./catalog";
import type { CpuArchitecture } from "./config";
import { ContainerRegistry } from "./container-registry";
import { FargateService } from "./fargate-service";
import type { ResolvedImage } from "./image";
import { LEGACY_NAME, LEGACY_SUCCESSOR, LEGACY_TYPES } from "./migration";
import { TaskRoles } from "./task-roles";

/** HTTPS: every AWS API behind the interface endpoints, and S3 through the gateway endpoint. */
export const HTTPS_PORT = 443;

/**
 * Resource types that take `tags`: every one a CatalogService declares gets `service=<name>`
 * (contract of issue 16). RolePolicyAttachment, LifecyclePolicy and scaling Policy take none.
 */
export const TAGGABLE_TYPES: readonly string[] = [
  "aws:ecr/repository:Repository",
  "aws:cloudwatch/logGroup:LogGroup",
  "aws:iam/role:Role",
  "aws:iam/policy:Policy",
  "aws:ec2/securityGroup:SecurityGroup",
  "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
  "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
  "aws:ecs/taskDefinition:TaskDefinition",
  "aws:ecs/service:Service",
  "aws:appautoscaling/target:Target",
  "aws:servicediscovery/service:Service",
];

/** The CloudWatch namespace a `metrics:write` service may publish to, and only it. */
export function metricsNamespaceOf(service: string, environmentSuffix: string): string {
  return `fin/${environmentSuffix}/${service}`;
}

/** What every service shares: the layers above and the cluster, namespace and load balancer. */
export interface PlatformInputs {
  readonly environmentSuffix: string;
  readonly region: string;
  readonly clusterArn: pulumi.Input<string>;
  readonly clusterName: pulumi.Input<string>;
  /** The capacity providers (and, for a public service, its listener and rule). */
  readonly waitFor: pulumi.Resource[];
  readonly vpcId: pulumi.Input<string>;
  readonly privateSubnetIds: pulumi.Input<pulumi.Input<string>[]>;
  readonly albSecurityGroupId: pulumi.Input<string>;
  readonly databaseSecurityGroupId: pulumi.Input<string>;
  readonly endpointSecurityGroupId: pulumi.Input<string>;
  readonly s3PrefixListId: pulumi.Input<string>;
  readonly databasePort: pulumi.Input<number>;
  readonly databaseHost: pulumi.Input<string>;
  readonly databaseName: pulumi.Input<string>;
  readonly logsKeyArn: pulumi.Input<string>;
  readonly storageKeyArn: pulumi.Input<string>;
  readonly rawBucketArn: pulumi.Input<string>;
  readonly rawBucketName: pulumi.Input<string>;
  readonly processedBucketArn: pulumi.Input<string>;
  readonly processedBucketName: pulumi.Input<string>;
  readonly streamArn: pulumi.Input<string>;
  readonly streamName: pulumi.Input<string>;
  readonly clusterResourceId: pulumi.Input<string>;
  /** Called services register here (Cloud Map private DNS, ADR 0017); its DNS name builds callers' URLs. */
  readonly namespaceId?: pulumi.Input<string>;
  readonly namespaceName?: pulumi.Input<string>;
  readonly containerUser: string;
  readonly containerHealthCheckCommand: readonly string[];
  readonly cpuArchitecture: CpuArchitecture;
  readonly healthCheckGracePeriodSeconds: number;
  readonly waitForSteadyState: boolean;
}

export interface CatalogServiceArgs {
  readonly entry: CatalogEntry;
  readonly platform: PlatformInputs;
  /** The tag (or digest) this service runs: imageTags[<name>] ?? imageTag. */
  readonly imageTag: string;
  /** Public services: their target group. */
  readonly targetGroupArn?: pulumi.Input<string>;
  /** Whether another service calls this one (it then registers in Cloud Map). */
  readonly called: boolean;
  /** The services it calls, with their ports (for `<NAME>_URL`). */
  readonly callees: readonly CatalogEntry[];
}

/**
 * One catalog service and everything only it uses: ECR repository, log group, execution and task
 * roles (its grants only), security group and the rules to the network layer's groups, a Cloud Map
 * service when it is called, task definition, ECS service and autoscaling.
 */
export class CatalogService extends pulumi.ComponentResource {
  readonly entry: CatalogEntry;
  readonly registry: ContainerRegistry;
  readonly logGroup: aws.cloudwatch.LogGroup;
  readonly roles: TaskRoles;
  readonly securityGroup: aws.ec2.SecurityGroup;
  readonly discovery?: aws.servicediscovery.Service;
  readonly image: pulumi.Output<ResolvedImage>;
  readonly app: FargateService;
  private readonly suffix: string;

  constructor(name: string, args: CatalogServiceArgs, opts?: pulumi.ComponentResourceOptions) {
    const service = args.entry.name;
    super("fin:compute:CatalogService", name, {}, {
      ...opts,
      // Every taggable resource of this service says so (transformations run in the SDK, for children too).
      transformations: [
        (r) =>
          TAGGABLE_TYPES.includes(r.type) ? { props: { ...r.props, tags: { ...(r.props["tags"] ?? {}), [SERVICE_TAG]: service } }, opts: r.opts } : undefined,
      ],
    });
    const p = args.platform;
    const suffix = p.environmentSuffix;
    this.suffix = suffix;
    this.entry = args.entry;
    const entry = args.entry;
    const legacy = service === LEGACY_SUCCESSOR;
    // The single service's components were top-level `analytics` (migration.ts); api takes their URNs.
    const legacyAlias = legacy ? { aliases: [{ name: LEGACY_NAME, noParent: true }] } : {};

    this.registry = new ContainerRegistry(service, { environmentSuffix: suffix, serviceName: service, kmsKeyArn: p.storageKeyArn }, { parent: this, ...legacyAlias });

    this.logGroup = new aws.cloudwatch.LogGroup(
      service,
      { name: physicalName("logGroup", `/ecs/${service}`, suffix), retentionInDays: REQUIREMENTS.logRetentionDays, kmsKeyId: p.logsKeyArn },
      { parent: this, ...(legacy ? { aliases: [{ name: `${LEGACY_NAME}-app`, parent: pulumi.createUrn(LEGACY_NAME, LEGACY_TYPES.cluster) }] } : {}) },
    );

    const grants = entry.grants;
    const databaseUser = databaseUserOf(service);
    const metricsNamespace = metricsNamespaceOf(service, suffix);
    this.roles = new TaskRoles(
      service,
      {
        environmentSuffix: suffix,
        region: p.region,
        serviceName: service,
        repositoryArn: this.registry.repository.arn,
        logGroupArn: this.logGroup.arn,
        grants,
        calls: entry.calls,
        rawBucketArn: p.rawBucketArn,
        processedBucketArn: p.processedBucketArn,
        streamArn: p.streamArn,
        storageKeyArn: p.storageKeyArn,
        clusterResourceId: p.clusterResourceId,
        databaseUser,
        metricsNamespace,
      },
      { parent: this, ...legacyAlias },
    );

    const groupName = physicalName("securityGroup", `${service}-sg`, suffix);
    this.securityGroup = new aws.ec2.SecurityGroup(
      service,
      {
        name: groupName,
        description: `${service} tasks: ${entry.reach}${entry.port === 0 ? "" : ` on ${entry.port}`}; out to the endpoints and S3${grants.includes("database:connect") ? ", the database" : ""}${entry.calls.length === 0 ? "" : ` and ${entry.calls.join(", ")}`}`,
        vpcId: p.vpcId,
        tags: { Name: groupName },
      },
      { parent: this },
    );
    const sg = this.securityGroup.id;

    // Every task pulls its image and writes logs through the interface endpoints, and pulls layers from S3.
    this.egress("to-endpoints", { fromPort: HTTPS_PORT, toPort: HTTPS_PORT, referencedSecurityGroupId: p.endpointSecurityGroupId, description: `AWS APIs through the interface endpoints, from ${service}` });
    this.ingressOn("endpoints", p.endpointSecurityGroupId, { fromPort: HTTPS_PORT, toPort: HTTPS_PORT, referencedSecurityGroupId: sg, description: `HTTPS from ${service} tasks to the interface endpoints` });
    this.egress("to-s3", { fromPort: HTTPS_PORT, toPort: HTTPS_PORT, prefixListId: p.s3PrefixListId, description: `S3 (data buckets, ECR image layers) through the gateway endpoint, from ${service}` });
    if (grants.includes("database:connect")) {
      this.egress("to-database", { fromPort: p.databasePort, toPort: p.databasePort, referencedSecurityGroupId: p.databaseSecurityGroupId, description: `PostgreSQL from ${service} to Aurora` });
      this.ingressOn("database", p.databaseSecurityGroupId, { fromPort: p.databasePort, toPort: p.databasePort, referencedSecurityGroupId: sg, description: `PostgreSQL from ${service} tasks` });
    }
    if (entry.reach === "public") {
      this.ingress("from-alb", { fromPort: entry.port, toPort: entry.port, referencedSecurityGroupId: p.albSecurityGroupId, description: `Requests and health checks from the ALB to ${service}` });
      const logical = `${service}-alb-to-service`;
      new aws.vpc.SecurityGroupEgressRule(
        logical,
        {
          securityGroupId: p.albSecurityGroupId,
          ipProtocol: "tcp",
          fromPort: entry.port,
          toPort: entry.port,
          referencedSecurityGroupId: sg,
          description: `Requests and health checks from the ALB to ${service} on ${entry.port}`,
          tags: ruleTags(logical, suffix),
        },
        { parent: this },
      );
    }

    if (args.called && p.namespaceId !== undefined) {
      this.discovery = new aws.servicediscovery.Service(
        service,
        {
          name: service,
          dnsConfig: { namespaceId: p.namespaceId, routingPolicy: "MULTIVALUE", dnsRecords: [{ type: "A", ttl: 10 }] },
          // ECS reports task health to Cloud Map itself (ServiceRegistry: "custom health checks").
          healthCheckCustomConfig: { failureThreshold: 1 },
        },
        { parent: this },
      );
    }

    this.image = this.registry.resolveImage(args.imageTag, entry.scaling.minTasks);

    const environment: Record<string, pulumi.Input<string>> = { SERVICE_NAME: service };
    if (entry.port !== 0) environment["APP_PORT"] = String(entry.port);
    if (grants.some((g) => g.startsWith("raw:"))) environment["RAW_BUCKET"] = p.rawBucketName;
    if (grants.some((g) => g.startsWith("processed:"))) environment["PROCESSED_BUCKET"] = p.processedBucketName;
    if (grants.some((g) => g.startsWith("stream:"))) environment["STREAM_NAME"] = p.streamName;
    if (grants.includes("database:connect")) {
      Object.assign(environment, { DB_HOST: p.databaseHost, DB_PORT: pulumi.output(p.databasePort).apply(String), DB_NAME: p.databaseName, DB_IAM_USER: databaseUser });
    }
    if (grants.includes("metrics:write")) environment["METRICS_NAMESPACE"] = metricsNamespace;
    for (const callee of args.callees) {
      environment[urlVariableOf(callee.name)] = pulumi.interpolate`http://${callee.name}.${p.namespaceName}:${callee.port}`;
    }

    this.app = new FargateService(
      service,
      {
        environmentSuffix: suffix,
        serviceName: service,
        region: p.region,
        clusterArn: p.clusterArn,
        clusterName: p.clusterName,
        waitFor: p.waitFor,
        taskCpu: entry.cpu,
        taskMemory: entry.memory,
        image: this.image.reference,
        imagePresent: this.image.present,
        containerPort: entry.port,
        containerUser: p.containerUser,
        containerHealthCheckCommand: p.containerHealthCheckCommand,
        cpuArchitecture: p.cpuArchitecture,
        logGroupName: this.logGroup.name,
        environment,
        executionRoleArn: this.roles.executionRole.arn,
        taskRoleArn: this.roles.taskRole.arn,
        rolePolicyAttachments: this.roles.policyAttachments,
        subnetIds: p.privateSubnetIds,
        securityGroupId: sg,
        ...(args.targetGroupArn === undefined ? {} : { targetGroupArn: args.targetGroupArn }),
        ...(this.discovery === undefined ? {} : { registryArn: this.discovery.arn }),
        ...entry.scaling,
        healthCheckGracePeriodSeconds: p.healthCheckGracePeriodSeconds,
        waitForSteadyState: p.waitForSteadyState,
      },
      { parent: this, ...legacyAlias },
    );

    this.registerOutputs({});
  }

  private ingress(key: string, rule: RuleArgs): aws.vpc.SecurityGroupIngressRule {
    return this.ingressOn(key, this.securityGroup.id, rule, `${this.entry.name}-${key}`);
  }

  private ingressOn(key: string, groupId: pulumi.Input<string>, rule: RuleArgs, logical = `${this.entry.name}-${key}-from-service`): aws.vpc.SecurityGroupIngressRule {
    return new aws.vpc.SecurityGroupIngressRule(logical, { securityGroupId: groupId, ipProtocol: "tcp", ...rule, tags: ruleTags(logical, this.suffix) }, { parent: this });
  }

  private egress(key: string, rule: RuleArgs): aws.vpc.SecurityGroupEgressRule {
    const logical = `${this.entry.name}-${key}`;
    return new aws.vpc.SecurityGroupEgressRule(logical, { securityGroupId: this.securityGroup.id, ipProtocol: "tcp", ...rule, tags: ruleTags(logical, this.suffix) }, { parent: this });
  }

  /**
   * Lets this service call `callee` on the callee's port, and nothing else: an egress rule on this
   * service's group and an ingress rule on the callee's, both sourced from the other group.
   */
  allowCallTo(callee: CatalogService): void {
    const port = callee.entry.port;
    this.egress(`to-${callee.entry.name}`, { fromPort: port, toPort: port, referencedSecurityGroupId: callee.securityGroup.id, description: `${this.entry.name} calls ${callee.entry.name} on ${port}` });
    const logical = `${callee.entry.name}-from-${this.entry.name}`;
    new aws.vpc.SecurityGroupIngressRule(
      logical,
      { securityGroupId: callee.securityGroup.id, ipProtocol: "tcp", fromPort: port, toPort: port, referencedSecurityGroupId: this.securityGroup.id, description: `${this.entry.name} calls ${callee.entry.name} on ${port}`, tags: ruleTags(logical, this.suffix) },
      { parent: callee },
    );
  }
}

type RuleArgs = Omit<aws.vpc.SecurityGroupIngressRuleArgs, "securityGroupId" | "ipProtocol" | "tags"> & { description: string };

const ruleTags = (logical: string, suffix: string) => ({ Name: physicalName("generic", logical, suffix) });
