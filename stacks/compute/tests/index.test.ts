import * as pulumi from "@pulumi/pulumi";
import { COMPUTE_OUTPUT_KEYS } from "@fin/contracts";
import { MockHarness, RecordedResource, TEST_ACCOUNT_ID, TEST_IMAGE_DIGEST, resolveStackConfig, runProgram, setupMocks } from "@fin/testing";
import { CLUSTER_RESOURCE_ID, DATA, MASTER_SECRET_ARN, NETWORK, SECURITY, STACK_DIR, STACK_OUTPUTS, json } from "./fixtures";
import {
  DEREGISTRATION_DELAY_SECONDS,
  FARGATE_MAX_STOP_TIMEOUT_SECONDS,
  SPOT_NOTICE_SECONDS,
  SPOT_SHUTDOWN_MARGIN_SECONDS,
  STOP_TIMEOUT_SECONDS,
} from "../src/spot-shutdown";

const T = {
  repo: "aws:ecr/repository:Repository",
  lifecycle: "aws:ecr/lifecyclePolicy:LifecyclePolicy",
  logGroup: "aws:cloudwatch/logGroup:LogGroup",
  cluster: "aws:ecs/cluster:Cluster",
  capacity: "aws:ecs/clusterCapacityProviders:ClusterCapacityProviders",
  role: "aws:iam/role:Role",
  policy: "aws:iam/policy:Policy",
  attachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
  bucket: "aws:s3/bucket:Bucket",
  bucketPolicy: "aws:s3/bucketPolicy:BucketPolicy",
  lb: "aws:lb/loadBalancer:LoadBalancer",
  tg: "aws:lb/targetGroup:TargetGroup",
  listener: "aws:lb/listener:Listener",
  taskDef: "aws:ecs/taskDefinition:TaskDefinition",
  service: "aws:ecs/service:Service",
  scalingTarget: "aws:appautoscaling/target:Target",
  scalingPolicy: "aws:appautoscaling/policy:Policy",
};

let mocks: MockHarness;
let outputs: Record<string, unknown>;
let warn: jest.SpyInstance;
const urnOf = (r: RecordedResource) => r.urn;
const sorted = (urns: readonly string[]) => [...urns].sort();

beforeAll(async () => {
  mocks = await setupMocks({ project: "fin-compute", stack: "dev", config: resolveStackConfig(STACK_DIR, "dev"), stackOutputs: STACK_OUTPUTS });
  warn = jest.spyOn(pulumi.log, "warn").mockImplementation(() => Promise.resolve());
  outputs = await runProgram(() => jest.requireActual("../index"));
});

describe("fin-compute program (dev)", () => {
  it("reads the three upstream layers through StackReferences", () => {
    expect(mocks.ofType("pulumi:pulumi:StackReference").map((r) => r.name)).toEqual([
      "organization/fin-security/dev",
      "organization/fin-network/dev",
      "organization/fin-data/dev",
    ]);
  });

  it("declares exactly the planned AWS resources, each through the explicit provider", () => {
    const aws = mocks.awsResources();
    const counts = aws.reduce<Record<string, number>>((acc, r) => ({ ...acc, [r.type]: (acc[r.type] ?? 0) + 1 }), {});
    expect(counts).toEqual({
      [T.repo]: 1,
      [T.lifecycle]: 1,
      [T.logGroup]: 2,
      [T.cluster]: 1,
      [T.capacity]: 1,
      [T.role]: 2,
      [T.policy]: 2,
      [T.attachment]: 2,
      [T.bucket]: 1,
      "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": 1,
      "aws:s3/bucketOwnershipControls:BucketOwnershipControls": 1,
      "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": 1,
      "aws:s3/bucketVersioning:BucketVersioning": 1,
      "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": 1,
      [T.bucketPolicy]: 1,
      [T.lb]: 1,
      [T.tg]: 1,
      [T.listener]: 1,
      [T.taskDef]: 1,
      [T.service]: 1,
      [T.scalingTarget]: 1,
      [T.scalingPolicy]: 2,
    });
    const provider = mocks.one("pulumi:providers:aws");
    expect(provider.name).toBe("aws-us-east-2");
    for (const r of aws) {
      expect({ urn: r.urn, provider: r.provider.split("::").slice(0, -1).join("::") }).toEqual({ urn: r.urn, provider: provider.urn });
      expect({ urn: r.urn, protect: r.protect, retainOnDelete: r.retainOnDelete }).toEqual({ urn: r.urn, protect: false, retainOnDelete: false });
    }
  });

  it("names the cluster ecs-cluster-<suffix> and pre-creates its log groups with the logs key and 30 days", () => {
    expect(mocks.one(T.cluster).inputs).toEqual({
      name: "ecs-cluster-dev",
      settings: [{ name: "containerInsights", value: "enabled" }],
    });
    expect(mocks.ofType(T.logGroup).map((r) => r.inputs)).toEqual([
      { name: "/ecs/analytics-dev", retentionInDays: 30, kmsKeyId: SECURITY.logsKeyArn },
      { name: "/aws/ecs/containerinsights/ecs-cluster-dev/performance", retentionInDays: 30, kmsKeyId: SECURITY.logsKeyArn },
    ]);
    expect(mocks.one(T.cluster).dependsOn).toEqual([mocks.one(T.logGroup, "analytics-insights").urn]);
  });

  it("associates FARGATE_SPOT and FARGATE with the cluster as their own resource", () => {
    expect(mocks.one(T.capacity).inputs).toEqual({
      clusterName: "ecs-cluster-dev",
      capacityProviders: ["FARGATE_SPOT", "FARGATE"],
      defaultCapacityProviderStrategies: [{ capacityProvider: "FARGATE_SPOT", weight: 1, base: 0 }],
    });
  });

  it("keeps images in an immutable, scanned, KMS-encrypted, force-deletable repository with a lifecycle", () => {
    expect(mocks.one(T.repo).inputs).toEqual({
      name: "analytics-dev",
      imageTagMutability: "IMMUTABLE",
      imageScanningConfiguration: { scanOnPush: true },
      encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: SECURITY.storageKeyArn }],
      forceDelete: true,
    });
    expect(mocks.one(T.lifecycle).inputs.repository).toBe("analytics-dev");
    // No "any" rule: untagged images expire by age, tagged ones only beyond a high count.
    expect(json(mocks.one(T.lifecycle).inputs.policy)).toEqual({
      rules: [
        {
          rulePriority: 1,
          description: "Expire untagged images after 7 days",
          selection: { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: 7 },
          action: { type: "expire" },
        },
        {
          rulePriority: 2,
          description: "Keep the 500 most recent tagged images",
          selection: { tagStatus: "tagged", tagPatternList: ["*"], countType: "imageCountMoreThan", countNumber: 500 },
          action: { type: "expire" },
        },
      ],
    });
  });

  describe("task definition", () => {
    const taskDef = () => mocks.one(T.taskDef).inputs;
    const container = () => {
      const defs = json(taskDef().containerDefinitions);
      expect(defs).toHaveLength(1);
      return defs[0];
    };

    it("is a 2 vCPU / 4 GB x86_64 Fargate task in awsvpc mode with a scratch volume", () => {
      const rest = { ...taskDef() };
      delete rest.containerDefinitions;
      expect(rest).toEqual({
        family: "analytics-dev",
        requiresCompatibilities: ["FARGATE"],
        networkMode: "awsvpc",
        cpu: "2048",
        memory: "4096",
        runtimePlatform: { cpuArchitecture: "X86_64", operatingSystemFamily: "LINUX" },
        executionRoleArn: `arn:aws:iam::${TEST_ACCOUNT_ID}:role/analytics-execution-role-dev`,
        taskRoleArn: `arn:aws:iam::${TEST_ACCOUNT_ID}:role/analytics-task-role-dev`,
        volumes: [{ name: "tmp" }],
      });
    });

    it("runs the repository's image, pinned by the digest tag 1.0.0 has, as a hardened, non-root container on the network's app port", () => {
      expect(container()).toEqual({
        name: "analytics",
        image: `${TEST_ACCOUNT_ID}.dkr.ecr.us-east-2.amazonaws.com/analytics-dev@${TEST_IMAGE_DIGEST}`,
        essential: true,
        user: "10001:10001",
        readonlyRootFilesystem: true,
        privileged: false,
        portMappings: [{ containerPort: 8080, hostPort: 8080, protocol: "tcp" }],
        environment: [
          { name: "APP_PORT", value: "8080" },
          { name: "DB_HOST", value: DATA.clusterEndpoint },
          { name: "DB_IAM_USER", value: "analytics_app" },
          { name: "DB_NAME", value: "analyticsdev" },
          { name: "DB_PORT", value: "5432" },
          { name: "PROCESSED_BUCKET", value: DATA.processedBucketName },
          { name: "RAW_BUCKET", value: DATA.rawBucketName },
          { name: "STREAM_NAME", value: DATA.streamName },
        ],
        secrets: [
          { name: "DB_PASSWORD", valueFrom: `${MASTER_SECRET_ARN}:password::` },
          { name: "DB_USERNAME", valueFrom: `${MASTER_SECRET_ARN}:username::` },
        ],
        mountPoints: [{ sourceVolume: "tmp", containerPath: "/tmp", readOnly: false }],
        linuxParameters: { initProcessEnabled: true, capabilities: { add: [], drop: ["ALL"] } },
        // No healthCheck: containerHealthCheckCommand defaults to [], and the ALB probes /health.
        stopTimeout: 75,
        logConfiguration: {
          logDriver: "awslogs",
          options: { "awslogs-group": "/ecs/analytics-dev", "awslogs-region": "us-east-2", "awslogs-stream-prefix": "analytics" },
        },
      });
    });

    it("has no container health check by default, so a shell-less image is not marked UNHEALTHY", () => {
      expect(Object.keys(container())).not.toContain("healthCheck");
    });

    it("waits for both roles' policy attachments, not only for the role ARNs", () => {
      const urn = (type: string, name: string) => mocks.one(type, name).urn;
      expect(sorted(mocks.one(T.taskDef).dependsOn)).toEqual(
        sorted([
          urn(T.attachment, "analytics-execution"),
          urn(T.attachment, "analytics-task"),
          // From its inputs: the roles, the image's repository, the log group and the upstream layers.
          urn(T.role, "analytics-execution"),
          urn(T.role, "analytics-task"),
          urn(T.repo, "analytics"),
          urn(T.logGroup, "analytics-app"),
          urn("pulumi:pulumi:StackReference", "organization/fin-network/dev"),
          urn("pulumi:pulumi:StackReference", "organization/fin-data/dev"),
        ]),
      );
    });

    it("never puts a credential in a plain environment value", () => {
      const plain = JSON.stringify(container().environment);
      expect(plain).not.toMatch(/PASSWORD|SECRET|secretsmanager/i);
    });
  });

  describe("IAM", () => {
    const policyOf = (kind: "execution" | "task") => json(mocks.one(T.policy, `analytics-${kind}`).inputs.policy);

    it("gives the execution and task roles their own ECS-tasks trust and one attached customer-managed policy each", () => {
      for (const kind of ["execution", "task"] as const) {
        const role = mocks.one(T.role, `analytics-${kind}`);
        expect(role.inputs.name).toBe(`analytics-${kind}-role-dev`);
        expect(json(role.inputs.assumeRolePolicy)).toEqual({
          Version: "2012-10-17",
          Statement: [
            {
              Sid: "EcsTasksOfThisAccount",
              Effect: "Allow",
              Principal: { Service: "ecs-tasks.amazonaws.com" },
              Action: ["sts:AssumeRole"],
              Condition: { StringEquals: { "aws:SourceAccount": TEST_ACCOUNT_ID } },
            },
          ],
        });
        expect(role.inputs.managedPolicyArns).toBeUndefined();
        expect(role.inputs.inlinePolicies).toBeUndefined();
        expect(mocks.one(T.policy, `analytics-${kind}`).inputs.name).toBe(`analytics-${kind}-policy-dev`);
        expect(mocks.one(T.attachment, `analytics-${kind}`).inputs).toEqual({
          role: `analytics-${kind}-role-dev`,
          policyArn: `arn:aws:iam::${TEST_ACCOUNT_ID}:policy/analytics-${kind}-policy-dev`,
        });
      }
    });

    it("scopes the execution policy to this repository, log group, secret and key", () => {
      expect(policyOf("execution").Statement.map((s: any) => [s.Sid, s.Action, s.Resource, s.Condition])).toEqual([
        ["EcrAuthorizationToken", ["ecr:GetAuthorizationToken"], "*", undefined],
        [
          "PullServiceImage",
          ["ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"],
          `arn:aws:ecr:us-east-2:${TEST_ACCOUNT_ID}:repository/analytics-dev`,
          undefined,
        ],
        ["WriteContainerLogs", ["logs:CreateLogStream", "logs:PutLogEvents"], `arn:aws:logs:us-east-2:${TEST_ACCOUNT_ID}:log-group:/ecs/analytics-dev:log-stream:*`, undefined],
        ["ReadDatabaseSecret", ["secretsmanager:GetSecretValue"], MASTER_SECRET_ARN, undefined],
        ["DecryptDatabaseSecret", ["kms:Decrypt"], SECURITY.databaseKeyArn, { StringEquals: { "kms:ViaService": "secretsmanager.us-east-2.amazonaws.com" } }],
      ]);
    });

    it("scopes the task policy to the data layer's buckets, stream, storage key and database user", () => {
      expect(policyOf("task").Statement.map((s: any) => [s.Sid, s.Action, s.Resource])).toEqual([
        ["ListDataBuckets", ["s3:ListBucket"], [DATA.rawBucketArn, DATA.processedBucketArn]],
        ["ReadRawObjects", ["s3:GetObject"], `${DATA.rawBucketArn}/*`],
        ["ReadWriteProcessedObjects", ["s3:GetObject", "s3:PutObject", "s3:AbortMultipartUpload"], `${DATA.processedBucketArn}/*`],
        [
          "ReadWriteStream",
          ["kinesis:DescribeStreamSummary", "kinesis:ListShards", "kinesis:GetShardIterator", "kinesis:GetRecords", "kinesis:PutRecord", "kinesis:PutRecords"],
          DATA.streamArn,
        ],
        ["UseStorageKeyThroughS3AndKinesis", ["kms:Decrypt", "kms:GenerateDataKey"], SECURITY.storageKeyArn],
        ["ConnectToDatabaseWithIamAuth", ["rds-db:connect"], `arn:aws:rds-db:us-east-2:${TEST_ACCOUNT_ID}:dbuser:${CLUSTER_RESOURCE_ID}/analytics_app`],
      ]);
    });
  });

  describe("load balancer", () => {
    it("is internet-facing in the public subnets with the ALB security group, dropping invalid headers and logging access", () => {
      const bucket = mocks.one(T.bucket).inputs.bucket;
      expect(bucket).toBe(`alb-logs-${TEST_ACCOUNT_ID}-dev`);
      expect(mocks.one(T.lb).inputs).toEqual({
        name: "analytics-alb-dev",
        loadBalancerType: "application",
        internal: false,
        ipAddressType: "ipv4",
        subnets: NETWORK.publicSubnetIds,
        securityGroups: [NETWORK.albSecurityGroupId],
        dropInvalidHeaderFields: true,
        desyncMitigationMode: "defensive",
        enableDeletionProtection: false,
        accessLogs: { bucket, prefix: "alb", enabled: true },
      });
      // Explicit: the ALB reads nothing from the policy, so only dependsOn orders them.
      expect(mocks.one(T.lb).dependsOn).toContain(mocks.one(T.bucketPolicy).urn);
    });

    it("lets only the ELB account write access logs, over TLS", () => {
      expect(json(mocks.one(T.bucketPolicy).inputs.policy)).toEqual({
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "DenyInsecureTransport",
            Effect: "Deny",
            Principal: "*",
            Action: "s3:*",
            Resource: [`arn:aws:s3:::alb-logs-${TEST_ACCOUNT_ID}-dev`, `arn:aws:s3:::alb-logs-${TEST_ACCOUNT_ID}-dev/*`],
            Condition: { Bool: { "aws:SecureTransport": "false" } },
          },
          {
            Sid: "AllowElbAccessLogDelivery",
            Effect: "Allow",
            Principal: { AWS: "arn:aws:iam::033677994240:root" },
            Action: "s3:PutObject",
            Resource: `arn:aws:s3:::alb-logs-${TEST_ACCOUNT_ID}-dev/alb/AWSLogs/${TEST_ACCOUNT_ID}/*`,
          },
        ],
      });
    });

    it("targets task IPs on the app port with a health check and a short deregistration delay", () => {
      expect(mocks.one(T.tg).inputs).toEqual({
        name: "analytics-tg-dev",
        targetType: "ip",
        port: 8080,
        protocol: "HTTP",
        protocolVersion: "HTTP1",
        vpcId: NETWORK.vpcId,
        deregistrationDelay: 30,
        healthCheck: {
          enabled: true,
          path: "/health",
          port: "traffic-port",
          protocol: "HTTP",
          matcher: "200-399",
          interval: 15,
          timeout: 5,
          healthyThreshold: 2,
          unhealthyThreshold: 3,
        },
      });
    });

    it("forwards plain HTTP on port 80 when no certificate is configured, and warns at deploy time", () => {
      expect(warn).toHaveBeenCalledTimes(1);
      expect(warn.mock.calls[0][0]).toBe(
        "No certificateArn is configured: the load balancer serves plain HTTP on port 80. Set certificateArn to an ACM certificate to get HTTPS with an HTTP->HTTPS redirect.",
      );
      expect(mocks.one(T.listener).name).toBe("analytics-http");
      expect(mocks.one(T.listener).inputs).toEqual({
        loadBalancerArn: mocks.one(T.lb).state.arn,
        port: 80,
        protocol: "HTTP",
        defaultActions: [{ type: "forward", targetGroupArn: mocks.one(T.tg).state.arn }],
      });
    });
  });

  describe("service", () => {
    const service = () => mocks.one(T.service);

    it("runs on Fargate Spot with no launch type, in the private subnets without public IPs, behind the target group", () => {
      expect(service().inputs).toEqual({
        name: "analytics-service-dev",
        cluster: mocks.one(T.cluster).state.arn,
        taskDefinition: mocks.one(T.taskDef).state.arn,
        desiredCount: 2,
        capacityProviderStrategies: [
          { capacityProvider: "FARGATE", base: 0, weight: 0 },
          { capacityProvider: "FARGATE_SPOT", weight: 1 },
        ],
        platformVersion: "LATEST",
        networkConfiguration: { subnets: NETWORK.privateSubnetIds, securityGroups: [NETWORK.taskSecurityGroupId], assignPublicIp: false },
        loadBalancers: [{ targetGroupArn: mocks.one(T.tg).state.arn, containerName: "analytics", containerPort: 8080 }],
        healthCheckGracePeriodSeconds: 120,
        deploymentCircuitBreaker: { enable: true, rollback: true },
        deploymentMinimumHealthyPercent: 100,
        deploymentMaximumPercent: 200,
        availabilityZoneRebalancing: "ENABLED",
        enableExecuteCommand: false,
        propagateTags: "SERVICE",
        enableEcsManagedTags: true,
        forceNewDeployment: true,
        waitForSteadyState: false,
      });
      expect(service().inputs.launchType).toBeUndefined();
    });

    it("waits for the capacity providers, the forwarding listener and both roles' policy attachments", () => {
      expect(sorted(service().dependsOn)).toEqual(
        sorted([
          mocks.one(T.capacity).urn,
          mocks.one(T.listener).urn,
          mocks.one(T.attachment, "analytics-execution").urn,
          mocks.one(T.attachment, "analytics-task").urn,
          // From its inputs; the repository through the desired count, which is 0 until the image is in it.
          mocks.one(T.repo).urn,
          mocks.one(T.cluster).urn,
          mocks.one(T.taskDef).urn,
          mocks.one(T.tg).urn,
          mocks.one("pulumi:pulumi:StackReference", "organization/fin-network/dev").urn,
        ]),
      );
    });

    it("drains and stops a reclaimed Spot task inside the 2-minute notice, with at least 10 s to spare", () => {
      const drain = mocks.one(T.tg).inputs.deregistrationDelay;
      const stop = json(mocks.one(T.taskDef).inputs.containerDefinitions)[0].stopTimeout;
      expect([drain, stop]).toEqual([30, 75]);
      expect([drain, stop]).toEqual([DEREGISTRATION_DELAY_SECONDS, STOP_TIMEOUT_SECONDS]);
      expect(SPOT_NOTICE_SECONDS).toBe(120);
      expect(SPOT_SHUTDOWN_MARGIN_SECONDS).toBe(15);
      expect(SPOT_NOTICE_SECONDS - drain - stop).toBe(SPOT_SHUTDOWN_MARGIN_SECONDS);
      expect(SPOT_SHUTDOWN_MARGIN_SECONDS).toBeGreaterThanOrEqual(10);
      expect(stop).toBeLessThanOrEqual(FARGATE_MAX_STOP_TIMEOUT_SECONDS);
    });

    it("scales between min and max tasks on CPU and memory", () => {
      expect(mocks.one(T.scalingTarget).inputs).toEqual({
        serviceNamespace: "ecs",
        scalableDimension: "ecs:service:DesiredCount",
        resourceId: "service/ecs-cluster-dev/analytics-service-dev",
        minCapacity: 2,
        maxCapacity: 6,
      });
      expect(mocks.ofType(T.scalingPolicy).map((p) => p.inputs)).toEqual(
        [
          ["cpu", "ECSServiceAverageCPUUtilization", 60],
          ["memory", "ECSServiceAverageMemoryUtilization", 70],
        ].map(([kind, metric, target]) => ({
          name: `analytics-${kind}-tracking-dev`,
          policyType: "TargetTrackingScaling",
          serviceNamespace: "ecs",
          scalableDimension: "ecs:service:DesiredCount",
          resourceId: "service/ecs-cluster-dev/analytics-service-dev",
          targetTrackingScalingPolicyConfiguration: {
            predefinedMetricSpecification: { predefinedMetricType: metric },
            targetValue: target,
            scaleOutCooldown: 60,
            scaleInCooldown: 300,
          },
        })),
      );
    });
  });

  it("exports exactly the ComputeOutputs contract", () => {
    expect(Object.keys(outputs).sort()).toEqual(Object.keys(COMPUTE_OUTPUT_KEYS).sort());
    const lb = mocks.one(T.lb).state;
    expect(outputs).toEqual({
      clusterName: "ecs-cluster-dev",
      clusterArn: `arn:aws:ecs:us-east-2:${TEST_ACCOUNT_ID}:cluster/ecs-cluster-dev`,
      serviceName: "analytics-service-dev",
      serviceArn: `arn:aws:ecs:us-east-2:${TEST_ACCOUNT_ID}:service/ecs-cluster-dev/analytics-service-dev`,
      taskDefinitionArn: `arn:aws:ecs:us-east-2:${TEST_ACCOUNT_ID}:task-definition/analytics-dev:1`,
      albDnsName: lb.dnsName,
      albArn: lb.arn,
      targetGroupArn: mocks.one(T.tg).state.arn,
      albLogBucketName: `alb-logs-${TEST_ACCOUNT_ID}-dev`,
      repositoryUrl: `${TEST_ACCOUNT_ID}.dkr.ecr.us-east-2.amazonaws.com/analytics-dev`,
      repositoryArn: `arn:aws:ecr:us-east-2:${TEST_ACCOUNT_ID}:repository/analytics-dev`,
      logGroupName: "/ecs/analytics-dev",
      executionRoleArn: `arn:aws:iam::${TEST_ACCOUNT_ID}:role/analytics-execution-role-dev`,
      taskRoleArn: `arn:aws:iam::${TEST_ACCOUNT_ID}:role/analytics-task-role-dev`,
      imageReference: `${TEST_ACCOUNT_ID}.dkr.ecr.us-east-2.amazonaws.com/analytics-dev@${TEST_IMAGE_DIGEST}`,
      imageStatus: `running ${TEST_ACCOUNT_ID}.dkr.ecr.us-east-2.amazonaws.com/analytics-dev:1.0.0 as ${TEST_ACCOUNT_ID}.dkr.ecr.us-east-2.amazonaws.com/analytics-dev@${TEST_IMAGE_DIGEST}, at least 2 tasks`,
    });
    expect(String(outputs.albDnsName)).toMatch(/^analytics-alb-dev-\d+\.us-east-2\.elb\.amazonaws\.com$/);
  });

  it("lists every resource's urn once", () => {
    const urns = mocks.resources.map(urnOf);
    expect(new Set(urns).size).toBe(urns.length);
  });
});
