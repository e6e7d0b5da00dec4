import * as pulumi from "@pulumi/pulumi";
import { COMPUTE_OUTPUT_KEYS, GRANT_SIDS, type Grant } from "@fin/contracts";
import { MockHarness, RecordedResource, S3_PREFIX_LIST_ID, TEST_ACCOUNT_ID, TEST_IMAGE_DIGEST, resolveStackConfig, runProgram, setupMocks } from "@fin/testing";
import { CLUSTER_RESOURCE_ID, DATA, NETWORK, SECURITY, STACK_DIR, STACK_OUTPUTS, json } from "./fixtures";
import { TAGGABLE_TYPES } from "../src/catalog-service";
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
  rule: "aws:lb/listenerRule:ListenerRule",
  taskDef: "aws:ecs/taskDefinition:TaskDefinition",
  service: "aws:ecs/service:Service",
  scalingTarget: "aws:appautoscaling/target:Target",
  scalingPolicy: "aws:appautoscaling/policy:Policy",
  sg: "aws:ec2/securityGroup:SecurityGroup",
  ingress: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
  egress: "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
  namespace: "aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace",
  discovery: "aws:servicediscovery/service:Service",
};
const SERVICES = ["ingest", "processor", "api"] as const;
type Svc = (typeof SERVICES)[number];
const GRANTS_OF: Record<Svc, Grant[]> = {
  ingest: ["metrics:write", "raw:write", "stream:write"],
  processor: ["database:connect", "metrics:write", "processed:write", "raw:read", "stream:read"],
  api: ["database:connect", "processed:read"],
};
const ECR = `${TEST_ACCOUNT_ID}.dkr.ecr.us-east-2.amazonaws.com`;
const dbUser = (u: string) => `arn:aws:rds-db:us-east-2:${TEST_ACCOUNT_ID}:dbuser:${CLUSTER_RESOURCE_ID}/${u}`;
const viaS3 = { StringEquals: { "kms:ViaService": "s3.us-east-2.amazonaws.com" } };
const viaKinesis = { StringEquals: { "kms:ViaService": "kinesis.us-east-2.amazonaws.com" } };

let mocks: MockHarness;
let outputs: Record<string, any>;
let warn: jest.SpyInstance;
const sgId = (svc: string) => mocks.one(T.sg, svc).id;
const taskPolicy = (svc: string) => json(mocks.one(T.policy, `${svc}-task`).inputs.policy);

beforeAll(async () => {
  mocks = await setupMocks({ project: "fin-compute", stack: "dev", config: resolveStackConfig(STACK_DIR, "dev"), stackOutputs: STACK_OUTPUTS });
  warn = jest.spyOn(pulumi.log, "warn").mockImplementation(() => Promise.resolve());
  outputs = await runProgram(() => jest.requireActual("../index"));
});

describe("fin-compute program (dev, the default catalog)", () => {
  it("reads the three upstream layers through StackReferences", () => {
    expect(mocks.ofType("pulumi:pulumi:StackReference").map((r) => r.name)).toEqual([
      "organization/fin-security/dev",
      "organization/fin-network/dev",
      "organization/fin-data/dev",
    ]);
  });

  it("declares exactly the planned AWS resources: shared once, per service three times, each through the explicit provider", () => {
    const aws = mocks.awsResources();
    const counts = aws.reduce<Record<string, number>>((acc, r) => ({ ...acc, [r.type]: (acc[r.type] ?? 0) + 1 }), {});
    expect(counts).toEqual({
      [T.repo]: 3,
      [T.lifecycle]: 3,
      // One per service and Container Insights'.
      [T.logGroup]: 4,
      [T.cluster]: 1,
      [T.capacity]: 1,
      [T.role]: 6,
      [T.policy]: 6,
      [T.attachment]: 6,
      [T.bucket]: 1,
      "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": 1,
      "aws:s3/bucketOwnershipControls:BucketOwnershipControls": 1,
      "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": 1,
      "aws:s3/bucketVersioning:BucketVersioning": 1,
      "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": 1,
      [T.bucketPolicy]: 1,
      [T.lb]: 1,
      // ingest and api are public; api is the default action, ingest a rule.
      [T.tg]: 2,
      [T.listener]: 1,
      [T.rule]: 1,
      [T.taskDef]: 3,
      [T.service]: 3,
      [T.scalingTarget]: 3,
      [T.scalingPolicy]: 6,
      [T.sg]: 3,
      [T.ingress]: 8,
      [T.egress]: 11,
      [T.namespace]: 1,
      // Only processor is called.
      [T.discovery]: 1,
    });
    const provider = mocks.one("pulumi:providers:aws");
    expect(provider.name).toBe("aws-us-east-2");
    for (const r of aws) {
      expect({ urn: r.urn, provider: r.provider.split("::").slice(0, -1).join("::") }).toEqual({ urn: r.urn, provider: provider.urn });
      expect({ urn: r.urn, protect: r.protect, retainOnDelete: r.retainOnDelete }).toEqual({ urn: r.urn, protect: false, retainOnDelete: false });
    }
  });

  it("tags every per-service resource that takes tags with its service, and no shared resource", () => {
    const taggable = new Set(TAGGABLE_TYPES);
    const ownedBy = (r: RecordedResource) => (r.parent.includes("fin:compute:PublicLoadBalancer") ? r.name : r.parent.split("::").pop());
    const perService = mocks.awsResources().filter((r) => taggable.has(r.type) && !r.parent.includes("EcsCluster"));
    // 3 services x (repo, log group, 2 roles, 2 policies, SG, task definition, service, scaling target)
    // + their 19 rules + processor's Cloud Map service.
    expect(perService).toHaveLength(3 * 10 + 19 + 1);
    for (const r of perService) {
      expect({ urn: r.urn, service: r.inputs.tags?.service }).toEqual({ urn: r.urn, service: ownedBy(r) });
    }
    expect([...mocks.ofType(T.tg), ...mocks.ofType(T.rule)].map((r) => [r.name, r.inputs.tags.service])).toEqual([
      ["ingest", "ingest"],
      ["api", "api"],
      ["ingest", "ingest"],
    ]);
    for (const type of [T.cluster, T.capacity, T.lb, T.listener, T.bucket, T.namespace]) {
      expect(mocks.ofType(type).map((r) => r.inputs.tags?.service)).toEqual(mocks.ofType(type).map(() => undefined));
    }
  });

  it("names the cluster ecs-cluster-<suffix>; each service's log group uses the logs key and 30 days", () => {
    expect(mocks.one(T.cluster).inputs).toEqual({ name: "ecs-cluster-dev", settings: [{ name: "containerInsights", value: "enabled" }] });
    const groups = mocks.ofType(T.logGroup).map((r) => [r.name, r.inputs.name, r.inputs.retentionInDays, r.inputs.kmsKeyId]);
    expect(groups.sort()).toEqual(
      [["platform-insights", "/aws/ecs/containerinsights/ecs-cluster-dev/performance", 30, SECURITY.logsKeyArn], ...SERVICES.map((s) => [s, `/ecs/${s}-dev`, 30, SECURITY.logsKeyArn])].sort(),
    );
    expect(mocks.one(T.cluster).dependsOn).toEqual([mocks.one(T.logGroup, "platform-insights").urn]);
  });

  it("associates FARGATE_SPOT and FARGATE with the cluster as their own resource", () => {
    expect(mocks.one(T.capacity).inputs).toEqual({
      clusterName: "ecs-cluster-dev",
      capacityProviders: ["FARGATE_SPOT", "FARGATE"],
      defaultCapacityProviderStrategies: [{ capacityProvider: "FARGATE_SPOT", weight: 1, base: 0 }],
    });
  });

  it("gives each service its own immutable, scanned, KMS-encrypted repository with the lifecycle", () => {
    for (const s of SERVICES) {
      expect(mocks.one(T.repo, s).inputs).toEqual({
        name: `${s}-dev`,
        imageTagMutability: "IMMUTABLE",
        imageScanningConfiguration: { scanOnPush: true },
        encryptionConfigurations: [{ encryptionType: "KMS", kmsKey: SECURITY.storageKeyArn }],
        forceDelete: true,
        tags: { service: s },
      });
      expect(mocks.one(T.lifecycle, s).inputs.repository).toBe(`${s}-dev`);
      expect(json(mocks.one(T.lifecycle, s).inputs.policy).rules.map((r: any) => r.selection.tagStatus)).toEqual(["untagged", "tagged"]);
    }
  });

  describe("IAM, per service", () => {
    it("gives each service execution and task roles of its own, trusted by ECS tasks of this account only", () => {
      for (const s of SERVICES) {
        for (const kind of ["execution", "task"] as const) {
          const role = mocks.one(T.role, `${s}-${kind}`);
          expect(role.inputs.name).toBe(`${s}-${kind}-role-dev`);
          expect(json(role.inputs.assumeRolePolicy).Statement).toEqual([
            {
              Sid: "EcsTasksOfThisAccount",
              Effect: "Allow",
              Principal: { Service: "ecs-tasks.amazonaws.com" },
              Action: ["sts:AssumeRole"],
              Condition: { StringEquals: { "aws:SourceAccount": TEST_ACCOUNT_ID } },
            },
          ]);
          expect([role.inputs.managedPolicyArns, role.inputs.inlinePolicies]).toEqual([undefined, undefined]);
          expect(mocks.one(T.attachment, `${s}-${kind}`).inputs).toEqual({
            role: `${s}-${kind}-role-dev`,
            policyArn: `arn:aws:iam::${TEST_ACCOUNT_ID}:policy/${s}-${kind}-policy-dev`,
          });
        }
      }
    });

    it("tags each task role with its sorted grants and calls", () => {
      expect(Object.fromEntries(SERVICES.map((s) => [s, mocks.one(T.role, `${s}-task`).inputs.tags]))).toEqual({
        ingest: { grants: "metrics:write raw:write stream:write", calls: "", service: "ingest" },
        processor: { grants: "database:connect metrics:write processed:write raw:read stream:read", calls: "", service: "processor" },
        api: { grants: "database:connect processed:read", calls: "processor", service: "api" },
      });
    });

    it("lets each execution role pull only its own repository and write only its own log group; no secret", () => {
      for (const s of SERVICES) {
        expect(json(mocks.one(T.policy, `${s}-execution`).inputs.policy).Statement.map((st: any) => [st.Sid, st.Action, st.Resource])).toEqual([
          ["EcrAuthorizationToken", ["ecr:GetAuthorizationToken"], "*"],
          ["PullServiceImage", ["ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"], `arn:aws:ecr:us-east-2:${TEST_ACCOUNT_ID}:repository/${s}-dev`],
          ["WriteContainerLogs", ["logs:CreateLogStream", "logs:PutLogEvents"], `arn:aws:logs:us-east-2:${TEST_ACCOUNT_ID}:log-group:/ecs/${s}-dev:log-stream:*`],
        ]);
      }
    });

    it("ingest: writes the stream and the raw bucket, and metrics to its own namespace only", () => {
      expect(taskPolicy("ingest").Statement).toEqual([
        {
          Sid: "MetricsWriteOwnNamespace",
          Effect: "Allow",
          Action: ["cloudwatch:PutMetricData"],
          Resource: "*",
          Condition: { StringEquals: { "cloudwatch:namespace": "fin/dev/ingest" } },
        },
        { Sid: "RawObjectsWrite", Effect: "Allow", Action: ["s3:PutObject", "s3:AbortMultipartUpload"], Resource: `${DATA.rawBucketArn}/*` },
        { Sid: "RawObjectsEncrypt", Effect: "Allow", Action: ["kms:GenerateDataKey", "kms:Decrypt"], Resource: SECURITY.storageKeyArn, Condition: viaS3 },
        { Sid: "StreamWrite", Effect: "Allow", Action: ["kinesis:DescribeStreamSummary", "kinesis:PutRecord", "kinesis:PutRecords"], Resource: DATA.streamArn },
        { Sid: "StreamRecordsEncrypt", Effect: "Allow", Action: ["kms:GenerateDataKey"], Resource: SECURITY.storageKeyArn, Condition: viaKinesis },
      ]);
    });

    it("processor: reads the stream and raw, writes processed, connects as processor, metrics to its namespace", () => {
      expect(taskPolicy("processor").Statement).toEqual([
        { Sid: "DatabaseConnectAsServiceUser", Effect: "Allow", Action: ["rds-db:connect"], Resource: dbUser("processor") },
        {
          Sid: "MetricsWriteOwnNamespace",
          Effect: "Allow",
          Action: ["cloudwatch:PutMetricData"],
          Resource: "*",
          Condition: { StringEquals: { "cloudwatch:namespace": "fin/dev/processor" } },
        },
        { Sid: "ProcessedObjectsWrite", Effect: "Allow", Action: ["s3:PutObject", "s3:AbortMultipartUpload"], Resource: `${DATA.processedBucketArn}/*` },
        { Sid: "ProcessedObjectsEncrypt", Effect: "Allow", Action: ["kms:GenerateDataKey", "kms:Decrypt"], Resource: SECURITY.storageKeyArn, Condition: viaS3 },
        { Sid: "RawBucketList", Effect: "Allow", Action: ["s3:ListBucket"], Resource: DATA.rawBucketArn },
        { Sid: "RawObjectsRead", Effect: "Allow", Action: ["s3:GetObject"], Resource: `${DATA.rawBucketArn}/*` },
        { Sid: "RawObjectsDecrypt", Effect: "Allow", Action: ["kms:Decrypt"], Resource: SECURITY.storageKeyArn, Condition: viaS3 },
        {
          Sid: "StreamRead",
          Effect: "Allow",
          Action: ["kinesis:DescribeStreamSummary", "kinesis:ListShards", "kinesis:GetShardIterator", "kinesis:GetRecords"],
          Resource: DATA.streamArn,
        },
        { Sid: "StreamRecordsDecrypt", Effect: "Allow", Action: ["kms:Decrypt"], Resource: SECURITY.storageKeyArn, Condition: viaKinesis },
      ]);
    });

    it("api: reads processed and connects as api, nothing else", () => {
      expect(taskPolicy("api").Statement).toEqual([
        { Sid: "DatabaseConnectAsServiceUser", Effect: "Allow", Action: ["rds-db:connect"], Resource: dbUser("api") },
        { Sid: "ProcessedBucketList", Effect: "Allow", Action: ["s3:ListBucket"], Resource: DATA.processedBucketArn },
        { Sid: "ProcessedObjectsRead", Effect: "Allow", Action: ["s3:GetObject"], Resource: `${DATA.processedBucketArn}/*` },
        { Sid: "ProcessedObjectsDecrypt", Effect: "Allow", Action: ["kms:Decrypt"], Resource: SECURITY.storageKeyArn, Condition: viaS3 },
      ]);
    });

    it("has exactly the Sids GRANT_SIDS lists for each service's grants, and names no other service's resources", () => {
      for (const s of SERVICES) {
        const text = mocks.one(T.policy, `${s}-task`).inputs.policy;
        expect(json(text).Statement.map((st: any) => st.Sid)).toEqual(GRANTS_OF[s].flatMap((g) => GRANT_SIDS[g]));
        for (const other of SERVICES.filter((o) => o !== s)) {
          // Its repository, its database user, its metrics namespace.
          const named = [`${other}-dev`, `/${other}"`, `fin/dev/${other}`].filter((n) => text.includes(n));
          expect({ s, other, named }).toEqual({ s, other, named: [] });
        }
      }
      expect(mocks.one(T.policy, "ingest-task").inputs.policy).not.toContain(DATA.processedBucketArn);
      expect(mocks.one(T.policy, "api-task").inputs.policy).not.toMatch(/raw-data|kinesis|cloudwatch/);
    });
  });

  describe("security groups", () => {
    const rulesOn = (type: string, groupId: string) =>
      mocks
        .ofType(type)
        .filter((r) => r.inputs.securityGroupId === groupId)
        .map((r) => [r.inputs.fromPort, r.inputs.toPort, r.inputs.referencedSecurityGroupId ?? r.inputs.prefixListId])
        .sort((a, b) => String(a).localeCompare(String(b)));

    it("gives each service its own group in the VPC", () => {
      expect(mocks.ofType(T.sg).map((r) => [r.name, r.inputs.name, r.inputs.vpcId])).toEqual(SERVICES.map((s) => [s, `${s}-sg-dev`, NETWORK.vpcId]));
    });

    it("ingest is reached by the ALB on 8080 only; it reaches the endpoints and S3 only", () => {
      expect(rulesOn(T.ingress, sgId("ingest"))).toEqual([[8080, 8080, NETWORK.albSecurityGroupId]]);
      expect(rulesOn(T.egress, sgId("ingest"))).toEqual(
        [
          [443, 443, NETWORK.endpointSecurityGroupId],
          [443, 443, S3_PREFIX_LIST_ID],
        ].sort((a, b) => String(a).localeCompare(String(b))),
      );
    });

    it("processor is reached by api on its port only (it is not public); it reaches the database, endpoints and S3", () => {
      expect(rulesOn(T.ingress, sgId("processor"))).toEqual([[8080, 8080, sgId("api")]]);
      expect(rulesOn(T.egress, sgId("processor"))).toEqual(
        [
          [5432, 5432, NETWORK.databaseSecurityGroupId],
          [443, 443, NETWORK.endpointSecurityGroupId],
          [443, 443, S3_PREFIX_LIST_ID],
        ].sort((a, b) => String(a).localeCompare(String(b))),
      );
    });

    it("api is reached by the ALB; it reaches processor on 8080, the database, endpoints and S3", () => {
      expect(rulesOn(T.ingress, sgId("api"))).toEqual([[8080, 8080, NETWORK.albSecurityGroupId]]);
      expect(rulesOn(T.egress, sgId("api"))).toEqual(
        [
          [5432, 5432, NETWORK.databaseSecurityGroupId],
          [443, 443, NETWORK.endpointSecurityGroupId],
          [443, 443, S3_PREFIX_LIST_ID],
          [8080, 8080, sgId("processor")],
        ].sort((a, b) => String(a).localeCompare(String(b))),
      );
    });

    it("the database admits exactly the services with database:connect; the endpoints admit every service", () => {
      expect(rulesOn(T.ingress, NETWORK.databaseSecurityGroupId)).toEqual([
        [5432, 5432, sgId("api")],
        [5432, 5432, sgId("processor")],
      ].sort((a, b) => String(a).localeCompare(String(b))));
      expect(rulesOn(T.ingress, NETWORK.endpointSecurityGroupId)).toEqual(SERVICES.map((s) => [443, 443, sgId(s)]).sort((a, b) => String(a).localeCompare(String(b))));
    });

    it("the ALB may send only to the public services, on their port", () => {
      expect(rulesOn(T.egress, NETWORK.albSecurityGroupId)).toEqual([
        [8080, 8080, sgId("api")],
        [8080, 8080, sgId("ingest")],
      ].sort((a, b) => String(a).localeCompare(String(b))));
    });

    it("describes and names every rule", () => {
      for (const r of [...mocks.ofType(T.ingress), ...mocks.ofType(T.egress)]) {
        expect({ name: r.name, ok: /\S/.test(r.inputs.description) && r.inputs.tags.Name === `${r.name}-dev` && r.inputs.ipProtocol === "tcp" }).toEqual({ name: r.name, ok: true });
      }
    });
  });

  describe("load balancer and routes", () => {
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
      expect(mocks.one(T.lb).dependsOn).toContain(mocks.one(T.bucketPolicy).urn);
    });

    it("lets only the ELB account write access logs, over TLS", () => {
      expect(json(mocks.one(T.bucketPolicy).inputs.policy).Statement.map((s: any) => s.Sid)).toEqual(["DenyInsecureTransport", "AllowElbAccessLogDelivery"]);
    });

    it("has one ip target group per public service, on its port and health path", () => {
      for (const s of ["ingest", "api"]) {
        expect(mocks.one(T.tg, s).inputs).toEqual({
          name: `${s}-tg-dev`,
          targetType: "ip",
          port: 8080,
          protocol: "HTTP",
          protocolVersion: "HTTP1",
          vpcId: NETWORK.vpcId,
          deregistrationDelay: 30,
          healthCheck: { enabled: true, path: "/health", port: "traffic-port", protocol: "HTTP", matcher: "200-399", interval: 15, timeout: 5, healthyThreshold: 2, unhealthyThreshold: 3 },
          tags: { service: s },
        });
      }
    });

    it("sends the listener's default action to api and /ingest/* (priority 10) to ingest", () => {
      expect(warn).toHaveBeenCalledTimes(1);
      expect(mocks.one(T.listener).name).toBe("platform-http");
      expect(mocks.one(T.listener).inputs).toEqual({
        loadBalancerArn: mocks.one(T.lb).state.arn,
        port: 80,
        protocol: "HTTP",
        defaultActions: [{ type: "forward", targetGroupArn: mocks.one(T.tg, "api").state.arn }],
      });
      expect(mocks.one(T.rule).name).toBe("ingest");
      expect(mocks.one(T.rule).inputs).toEqual({
        listenerArn: mocks.one(T.listener).state.arn,
        priority: 10,
        conditions: [{ pathPattern: { values: ["/ingest/*"] } }],
        actions: [{ type: "forward", targetGroupArn: mocks.one(T.tg, "ingest").state.arn }],
        tags: { service: "ingest" },
      });
    });
  });

  describe("service discovery", () => {
    it("registers only the called service (processor) in a private DNS namespace of the VPC", () => {
      expect(mocks.one(T.namespace).inputs).toEqual({ name: "services-dev.internal", vpc: NETWORK.vpcId, description: "Addresses of the catalog services other services call" });
      expect(mocks.one(T.discovery).inputs).toEqual({
        name: "processor",
        dnsConfig: { namespaceId: mocks.one(T.namespace).id, routingPolicy: "MULTIVALUE", dnsRecords: [{ type: "A", ttl: 10 }] },
        healthCheckCustomConfig: { failureThreshold: 1 },
        tags: { service: "processor" },
      });
      expect(mocks.one(T.service, "processor").inputs.serviceRegistries).toEqual({ registryArn: mocks.one(T.discovery).state.arn });
      expect(mocks.ofType(T.service).filter((r) => r.inputs.serviceRegistries !== undefined).map((r) => r.name)).toEqual(["processor"]);
    });
  });

  describe("task definitions", () => {
    const container = (s: string) => {
      const defs = json(mocks.one(T.taskDef, s).inputs.containerDefinitions);
      expect(defs).toHaveLength(1);
      return defs[0];
    };

    it("are 2 vCPU / 4 GB x86_64 Fargate tasks with the service's own roles", () => {
      for (const s of SERVICES) {
        const rest = { ...mocks.one(T.taskDef, s).inputs };
        delete rest.containerDefinitions;
        expect(rest).toEqual({
          family: `${s}-dev`,
          requiresCompatibilities: ["FARGATE"],
          networkMode: "awsvpc",
          cpu: "2048",
          memory: "4096",
          runtimePlatform: { cpuArchitecture: "X86_64", operatingSystemFamily: "LINUX" },
          executionRoleArn: `arn:aws:iam::${TEST_ACCOUNT_ID}:role/${s}-execution-role-dev`,
          taskRoleArn: `arn:aws:iam::${TEST_ACCOUNT_ID}:role/${s}-task-role-dev`,
          volumes: [{ name: "tmp" }],
          tags: { service: s },
        });
      }
    });

    it("run each service's own image by digest, hardened and non-root, with only the settings its grants and calls need", () => {
      const env = (s: string) => Object.fromEntries(container(s).environment.map((e: any) => [e.name, e.value]));
      expect(env("ingest")).toEqual({ SERVICE_NAME: "ingest", APP_PORT: "8080", RAW_BUCKET: DATA.rawBucketName, STREAM_NAME: DATA.streamName, METRICS_NAMESPACE: "fin/dev/ingest" });
      expect(env("processor")).toEqual({
        SERVICE_NAME: "processor",
        APP_PORT: "8080",
        RAW_BUCKET: DATA.rawBucketName,
        PROCESSED_BUCKET: DATA.processedBucketName,
        STREAM_NAME: DATA.streamName,
        DB_HOST: DATA.clusterEndpoint,
        DB_PORT: "5432",
        DB_NAME: "analyticsdev",
        DB_IAM_USER: "processor",
        METRICS_NAMESPACE: "fin/dev/processor",
      });
      expect(env("api")).toEqual({
        SERVICE_NAME: "api",
        APP_PORT: "8080",
        PROCESSED_BUCKET: DATA.processedBucketName,
        DB_HOST: DATA.clusterEndpoint,
        DB_PORT: "5432",
        DB_NAME: "analyticsdev",
        DB_IAM_USER: "api",
        PROCESSOR_URL: "http://processor.services-dev.internal:8080",
      });
      const c = container("api");
      expect({ ...c, environment: undefined }).toEqual({
        name: "api",
        image: `${ECR}/api-dev@${TEST_IMAGE_DIGEST}`,
        essential: true,
        user: "10001:10001",
        readonlyRootFilesystem: true,
        privileged: false,
        portMappings: [{ containerPort: 8080, hostPort: 8080, protocol: "tcp" }],
        environment: undefined,
        mountPoints: [{ sourceVolume: "tmp", containerPath: "/tmp", readOnly: false }],
        linuxParameters: { initProcessEnabled: true, capabilities: { add: [], drop: ["ALL"] } },
        stopTimeout: 75,
        logConfiguration: { logDriver: "awslogs", options: { "awslogs-group": "/ecs/api-dev", "awslogs-region": "us-east-2", "awslogs-stream-prefix": "api" } },
      });
      expect(SERVICES.map((s) => container(s).image)).toEqual(SERVICES.map((s) => `${ECR}/${s}-dev@${TEST_IMAGE_DIGEST}`));
    });

    it("inject no secret: no service gets the database master credentials", () => {
      for (const s of SERVICES) {
        expect(container(s).secrets).toBeUndefined();
        expect(JSON.stringify(container(s))).not.toMatch(/PASSWORD|secretsmanager|rds!/i);
      }
    });

    it("wait for the service's own policy attachments", () => {
      const deps = mocks.one(T.taskDef, "processor").dependsOn;
      expect(deps).toEqual(expect.arrayContaining([mocks.one(T.attachment, "processor-execution").urn, mocks.one(T.attachment, "processor-task").urn]));
      expect(deps.filter((d) => /::(api|ingest)-/.test(d))).toEqual([]);
    });
  });

  describe("ECS services and scaling", () => {
    it("run on Fargate Spot in the private subnets with the service's own group; public ones behind their target group", () => {
      for (const s of SERVICES) {
        const inputs = mocks.one(T.service, s).inputs;
        expect({
          name: inputs.name,
          taskDefinition: inputs.taskDefinition,
          desiredCount: inputs.desiredCount,
          strategies: inputs.capacityProviderStrategies,
          network: inputs.networkConfiguration,
          loadBalancers: inputs.loadBalancers,
          grace: inputs.healthCheckGracePeriodSeconds,
          launchType: inputs.launchType,
        }).toEqual({
          name: `${s}-service-dev`,
          taskDefinition: mocks.one(T.taskDef, s).state.arn,
          desiredCount: 2,
          strategies: [
            { capacityProvider: "FARGATE", base: 0, weight: 0 },
            { capacityProvider: "FARGATE_SPOT", weight: 1 },
          ],
          network: { subnets: NETWORK.privateSubnetIds, securityGroups: [sgId(s)], assignPublicIp: false },
          loadBalancers: s === "processor" ? undefined : [{ targetGroupArn: mocks.one(T.tg, s).state.arn, containerName: s, containerPort: 8080 }],
          grace: s === "processor" ? undefined : 120,
          launchType: undefined,
        });
      }
    });

    it("a public service waits for the listener and its rule; every service for the capacity providers", () => {
      const deps = (s: string) => mocks.one(T.service, s).dependsOn;
      expect(deps("ingest")).toEqual(expect.arrayContaining([mocks.one(T.capacity).urn, mocks.one(T.listener).urn, mocks.one(T.rule).urn]));
      expect(deps("api")).toEqual(expect.arrayContaining([mocks.one(T.capacity).urn, mocks.one(T.listener).urn]));
      expect(deps("processor")).toContain(mocks.one(T.capacity).urn);
      expect(deps("processor")).not.toContain(mocks.one(T.listener).urn);
    });

    it("drains and stops a reclaimed Spot task inside the 2-minute notice", () => {
      const drain = mocks.one(T.tg, "api").inputs.deregistrationDelay;
      const stop = json(mocks.one(T.taskDef, "api").inputs.containerDefinitions)[0].stopTimeout;
      expect([drain, stop]).toEqual([DEREGISTRATION_DELAY_SECONDS, STOP_TIMEOUT_SECONDS]);
      expect(SPOT_NOTICE_SECONDS - drain - stop).toBe(SPOT_SHUTDOWN_MARGIN_SECONDS);
      expect(stop).toBeLessThanOrEqual(FARGATE_MAX_STOP_TIMEOUT_SECONDS);
    });

    it("scale each service between 2 and 6 tasks on CPU 60% and memory 70%", () => {
      for (const s of SERVICES) {
        expect(mocks.one(T.scalingTarget, s).inputs).toEqual({
          serviceNamespace: "ecs",
          scalableDimension: "ecs:service:DesiredCount",
          resourceId: `service/ecs-cluster-dev/${s}-service-dev`,
          minCapacity: 2,
          maxCapacity: 6,
          tags: { service: s },
        });
        expect(["cpu", "memory"].map((k) => mocks.one(T.scalingPolicy, `${s}-${k}`).inputs)).toEqual(
          [
            ["cpu", "ECSServiceAverageCPUUtilization", 60],
            ["memory", "ECSServiceAverageMemoryUtilization", 70],
          ].map(([kind, metric, target]) => ({
            name: `${s}-${kind}-tracking-dev`,
            policyType: "TargetTrackingScaling",
            serviceNamespace: "ecs",
            scalableDimension: "ecs:service:DesiredCount",
            resourceId: `service/ecs-cluster-dev/${s}-service-dev`,
            targetTrackingScalingPolicyConfiguration: { predefinedMetricSpecification: { predefinedMetricType: metric }, targetValue: target, scaleOutCooldown: 60, scaleInCooldown: 300 },
          })),
        );
      }
    });
  });

  it("exports exactly the ComputeOutputs contract, one ServiceOutputs per service", () => {
    expect(Object.keys(outputs).sort()).toEqual(Object.keys(COMPUTE_OUTPUT_KEYS).sort());
    const lb = mocks.one(T.lb).state;
    expect({ ...outputs, services: undefined }).toEqual({
      clusterName: "ecs-cluster-dev",
      clusterArn: `arn:aws:ecs:us-east-2:${TEST_ACCOUNT_ID}:cluster/ecs-cluster-dev`,
      albDnsName: lb.dnsName,
      albArn: lb.arn,
      albLogBucketName: `alb-logs-${TEST_ACCOUNT_ID}-dev`,
      services: undefined,
    });
    expect(Object.keys(outputs.services)).toEqual([...SERVICES]);
    expect(outputs.services.processor).toEqual({
      serviceName: "processor-service-dev",
      serviceArn: `arn:aws:ecs:us-east-2:${TEST_ACCOUNT_ID}:service/ecs-cluster-dev/processor-service-dev`,
      taskDefinitionArn: `arn:aws:ecs:us-east-2:${TEST_ACCOUNT_ID}:task-definition/processor-dev:1`,
      repositoryUrl: `${ECR}/processor-dev`,
      repositoryArn: `arn:aws:ecr:us-east-2:${TEST_ACCOUNT_ID}:repository/processor-dev`,
      logGroupName: "/ecs/processor-dev",
      executionRoleArn: `arn:aws:iam::${TEST_ACCOUNT_ID}:role/processor-execution-role-dev`,
      taskRoleArn: `arn:aws:iam::${TEST_ACCOUNT_ID}:role/processor-task-role-dev`,
      securityGroupId: sgId("processor"),
      reach: "internal",
      port: 8080,
      targetGroupArn: "",
      imageReference: `${ECR}/processor-dev@${TEST_IMAGE_DIGEST}`,
      imageStatus: `running ${ECR}/processor-dev:1.0.0 as ${ECR}/processor-dev@${TEST_IMAGE_DIGEST}, at least 2 tasks`,
      grants: GRANTS_OF.processor,
      calls: [],
    });
    expect([outputs.services.api.reach, outputs.services.api.targetGroupArn, outputs.services.api.calls]).toEqual(["public", mocks.one(T.tg, "api").state.arn, ["processor"]]);
  });

  it("lists every resource's urn once; the shared components are named platform", () => {
    const urns = mocks.resources.map((r: RecordedResource) => r.urn);
    expect(new Set(urns).size).toBe(urns.length);
    expect(mocks.resources.filter((r) => r.type.startsWith("fin:compute:") && r.name === "platform").map((r) => r.type)).toEqual([
      "fin:compute:EcsCluster",
      "fin:compute:PublicLoadBalancer",
    ]);
  });
});
