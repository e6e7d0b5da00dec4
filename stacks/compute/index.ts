// fin-compute: layer 4 of 4. Runs the service catalog (ADR 0017) on Fargate Spot, the public services
// behind one ALB, reading keys from fin-security, the VPC from fin-network and the data stores from fin-data.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { createAwsProvider } from "@fin/config";
import { type ComputeOutputs, type ServiceOutputs, type StackOutputs, readData, readNetwork, readSecurity } from "@fin/contracts";
import { physicalName } from "@fin/naming";
import { CatalogService } from "./src/catalog-service";
import { loadComputeConfig } from "./src/config";
import { EcsCluster } from "./src/ecs-cluster";
import { LEGACY_NAME, SHARED_NAME } from "./src/migration";
import { PublicLoadBalancer } from "./src/public-load-balancer";

const config = loadComputeConfig();
const provider = createAwsProvider(config);
const target = { organization: config.stackOrganization, stack: config.stack };
const security = readSecurity(target);
const network = readNetwork(target);
const data = readData(target);
const suffix = config.environmentSuffix;
const shared = { provider, aliases: [{ name: LEGACY_NAME }] };

const cluster = new EcsCluster(SHARED_NAME, { environmentSuffix: suffix, logsKeyArn: security.logsKeyArn }, shared);

const publicServices = config.services.filter((s) => s.reach === "public");
const alb = new PublicLoadBalancer(
  SHARED_NAME,
  {
    environmentSuffix: suffix,
    vpcId: network.vpcId,
    subnetIds: network.publicSubnetIds,
    securityGroupId: network.albSecurityGroupId,
    routes: publicServices.map((s) => ({ service: s.name, port: s.port, healthPath: s.healthPath, route: s.route! })),
    ...(config.certificateArn === undefined ? {} : { certificateArn: config.certificateArn }),
  },
  shared,
);

// Service-to-service calls resolve through Cloud Map private DNS in the VPC (ADR 0017): no NAT, no
// endpoint and no sidecar needed, only the VPC resolver.
const calledNames = new Set(config.services.flatMap((s) => s.calls));
const namespace =
  calledNames.size === 0
    ? undefined
    : new aws.servicediscovery.PrivateDnsNamespace(
        "services",
        { name: `${physicalName("generic", "services", suffix)}.internal`, vpc: network.vpcId, description: "Addresses of the catalog services other services call" },
        { provider },
      );

// S3 (data buckets and ECR image layers) is reached through the gateway endpoint at S3's public
// addresses: only the managed prefix list names them.
const s3PrefixList = aws.ec2.getManagedPrefixListOutput({ name: `com.amazonaws.${config.region}.s3` }, { provider });

const deployed = new Map<string, CatalogService>();
for (const entry of config.services) {
  const routed = entry.reach === "public";
  deployed.set(
    entry.name,
    new CatalogService(
      entry.name,
      {
        entry,
        imageTag: config.imageTags[entry.name] ?? config.imageTag,
        called: calledNames.has(entry.name),
        callees: config.services.filter((s) => entry.calls.includes(s.name)),
        ...(routed ? { targetGroupArn: alb.targetGroups[entry.name].arn } : {}),
        platform: {
          environmentSuffix: suffix,
          region: config.region,
          clusterArn: cluster.cluster.arn,
          clusterName: cluster.cluster.name,
          waitFor: [cluster.capacityProviders, ...(routed ? [alb.forwardingListener, ...(alb.listenerRules[entry.name] ? [alb.listenerRules[entry.name]] : [])] : [])],
          vpcId: network.vpcId,
          privateSubnetIds: network.privateSubnetIds,
          albSecurityGroupId: network.albSecurityGroupId,
          databaseSecurityGroupId: network.databaseSecurityGroupId,
          endpointSecurityGroupId: network.endpointSecurityGroupId,
          s3PrefixListId: s3PrefixList.id,
          databasePort: data.databasePort,
          databaseHost: data.clusterEndpoint,
          databaseName: data.databaseName,
          logsKeyArn: security.logsKeyArn,
          storageKeyArn: security.storageKeyArn,
          rawBucketArn: data.rawBucketArn,
          rawBucketName: data.rawBucketName,
          processedBucketArn: data.processedBucketArn,
          processedBucketName: data.processedBucketName,
          streamArn: data.streamArn,
          streamName: data.streamName,
          clusterResourceId: data.clusterResourceId,
          ...(namespace === undefined ? {} : { namespaceId: namespace.id, namespaceName: namespace.name }),
          containerUser: config.containerUser,
          containerHealthCheckCommand: config.containerHealthCheckCommand,
          cpuArchitecture: config.cpuArchitecture,
          healthCheckGracePeriodSeconds: config.healthCheckGracePeriodSeconds,
          waitForSteadyState: config.waitForSteadyState,
        },
      },
      { provider },
    ),
  );
}
for (const caller of deployed.values()) {
  for (const callee of caller.entry.calls) {
    caller.allowCallTo(deployed.get(callee)!);
  }
}

const serviceOutputs = (s: CatalogService): pulumi.Output<ServiceOutputs> =>
  pulumi.output({
    serviceName: s.app.service.name,
    serviceArn: s.app.service.arn,
    taskDefinitionArn: s.app.taskDefinition.arn,
    repositoryUrl: s.registry.repository.repositoryUrl,
    repositoryArn: s.registry.repository.arn,
    logGroupName: s.logGroup.name,
    executionRoleArn: s.roles.executionRole.arn,
    taskRoleArn: s.roles.taskRole.arn,
    securityGroupId: s.securityGroup.id,
    reach: s.entry.reach,
    port: s.entry.port,
    targetGroupArn: s.entry.reach === "public" ? alb.targetGroups[s.entry.name].arn : pulumi.output(""),
    imageReference: s.image.reference,
    imageStatus: s.image.status,
    grants: [...s.entry.grants],
    calls: [...s.entry.calls],
  });

const outputs: StackOutputs<ComputeOutputs> = {
  clusterName: cluster.cluster.name,
  clusterArn: cluster.cluster.arn,
  albDnsName: alb.loadBalancer.dnsName,
  albArn: alb.loadBalancer.arn,
  albLogBucketName: alb.logBucket.bucket.id,
  services: pulumi.output(Object.fromEntries([...deployed].map(([name, s]) => [name, serviceOutputs(s)]))),
};

export const { clusterName, clusterArn, albDnsName, albArn, albLogBucketName, services } = outputs;
