// fin-compute: layer 4 of 4. Runs the analytics service on Fargate Spot behind a public ALB,
// reading keys from fin-security, the VPC from fin-network and the data stores from fin-data.
import * as pulumi from "@pulumi/pulumi";
import { createAwsProvider } from "@fin/config";
import { type ComputeOutputs, type StackOutputs, readData, readNetwork, readSecurity } from "@fin/contracts";
import { loadComputeConfig } from "./src/config";
import { ContainerRegistry } from "./src/container-registry";
import { EcsCluster } from "./src/ecs-cluster";
import { FargateService } from "./src/fargate-service";
import { PublicLoadBalancer } from "./src/public-load-balancer";
import { TaskRoles } from "./src/task-roles";

const config = loadComputeConfig();
const provider = createAwsProvider(config);
const target = { organization: config.stackOrganization, stack: config.stack };
const security = readSecurity(target);
const network = readNetwork(target);
const data = readData(target);
const suffix = config.environmentSuffix;

const registry = new ContainerRegistry("analytics", { environmentSuffix: suffix, kmsKeyArn: security.storageKeyArn }, { provider });
const cluster = new EcsCluster("analytics", { environmentSuffix: suffix, logsKeyArn: security.logsKeyArn }, { provider });

const roles = new TaskRoles(
  "analytics",
  {
    environmentSuffix: suffix,
    region: config.region,
    repositoryArn: registry.repository.arn,
    logGroupArn: cluster.logGroup.arn,
    databaseSecretArn: data.masterSecretArn,
    databaseKeyArn: security.databaseKeyArn,
    rawBucketArn: data.rawBucketArn,
    processedBucketArn: data.processedBucketArn,
    streamArn: data.streamArn,
    storageKeyArn: security.storageKeyArn,
    clusterResourceId: data.clusterResourceId,
    databaseIamUser: config.databaseIamUser,
  },
  { provider },
);

const alb = new PublicLoadBalancer(
  "analytics",
  {
    environmentSuffix: suffix,
    vpcId: network.vpcId,
    subnetIds: network.publicSubnetIds,
    securityGroupId: network.albSecurityGroupId,
    appPort: network.appPort,
    healthCheckPath: config.healthCheckPath,
    ...(config.certificateArn === undefined ? {} : { certificateArn: config.certificateArn }),
  },
  { provider },
);

// The task definition pins the digest the configured tag has at deploy time (ADR 0013).
const image = registry.resolveImage(config.imageTag, config.minTasks);

const app = new FargateService(
  "analytics",
  {
    environmentSuffix: suffix,
    region: config.region,
    clusterArn: cluster.cluster.arn,
    clusterName: cluster.cluster.name,
    waitFor: [cluster.capacityProviders, alb.forwardingListener],
    taskCpu: config.taskCpu,
    taskMemory: config.taskMemory,
    image: image.reference,
    imagePresent: image.present,
    containerPort: network.appPort,
    containerUser: config.containerUser,
    containerHealthCheckCommand: config.containerHealthCheckCommand,
    cpuArchitecture: config.cpuArchitecture,
    logGroupName: cluster.logGroup.name,
    environment: {
      APP_PORT: network.appPort.apply(String),
      DB_HOST: data.clusterEndpoint,
      DB_PORT: data.databasePort.apply(String),
      DB_NAME: data.databaseName,
      DB_IAM_USER: config.databaseIamUser,
      RAW_BUCKET: data.rawBucketName,
      PROCESSED_BUCKET: data.processedBucketName,
      STREAM_NAME: data.streamName,
    },
    // The agent reads these JSON keys of the RDS-managed secret at task start; the values never
    // appear in the task definition.
    secrets: {
      DB_USERNAME: pulumi.interpolate`${data.masterSecretArn}:username::`,
      DB_PASSWORD: pulumi.interpolate`${data.masterSecretArn}:password::`,
    },
    executionRoleArn: roles.executionRole.arn,
    taskRoleArn: roles.taskRole.arn,
    rolePolicyAttachments: roles.policyAttachments,
    subnetIds: network.privateSubnetIds,
    securityGroupId: network.taskSecurityGroupId,
    targetGroupArn: alb.targetGroup.arn,
    minTasks: config.minTasks,
    maxTasks: config.maxTasks,
    onDemandBaseTasks: config.onDemandBaseTasks,
    cpuTargetPercent: config.cpuTargetPercent,
    memoryTargetPercent: config.memoryTargetPercent,
    healthCheckGracePeriodSeconds: config.healthCheckGracePeriodSeconds,
    waitForSteadyState: config.waitForSteadyState,
  },
  { provider },
);

const outputs: StackOutputs<ComputeOutputs> = {
  clusterName: cluster.cluster.name,
  clusterArn: cluster.cluster.arn,
  serviceName: app.service.name,
  serviceArn: app.service.arn,
  taskDefinitionArn: app.taskDefinition.arn,
  albDnsName: alb.loadBalancer.dnsName,
  albArn: alb.loadBalancer.arn,
  targetGroupArn: alb.targetGroup.arn,
  albLogBucketName: alb.logBucket.bucket.id,
  repositoryUrl: registry.repository.repositoryUrl,
  repositoryArn: registry.repository.arn,
  logGroupName: cluster.logGroup.name,
  executionRoleArn: roles.executionRole.arn,
  taskRoleArn: roles.taskRole.arn,
  imageReference: image.reference,
  imageStatus: image.status,
};

export const {
  clusterName,
  clusterArn,
  serviceName,
  serviceArn,
  taskDefinitionArn,
  albDnsName,
  albArn,
  targetGroupArn,
  albLogBucketName,
  repositoryUrl,
  repositoryArn,
  logGroupName,
  executionRoleArn,
  taskRoleArn,
  imageReference,
  imageStatus,
} = outputs;
