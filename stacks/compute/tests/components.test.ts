import { ELB_ACCOUNT_ID, MockHarness, TEST_ACCOUNT_ID, runProgram, setupMocks } from "@fin/testing";

// The longest suffix the naming rules allow: the 32-character ALB/target group limits bind here.
const LONGEST_SUFFIX = "abcdefghij-klmnopqrs";
const CERT = "arn:aws:acm:us-east-2:123456789012:certificate/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";

let mocks: MockHarness;

beforeAll(async () => {
  mocks = await setupMocks({ project: "fin-compute", stack: "pr", config: {} });
  const { PublicLoadBalancer } = await import("../src/public-load-balancer");
  const { EcsCluster } = await import("../src/ecs-cluster");
  await runProgram(() => {
    new PublicLoadBalancer("edge", {
      environmentSuffix: LONGEST_SUFFIX,
      vpcId: "vpc-1",
      subnetIds: ["subnet-a", "subnet-b", "subnet-c"],
      securityGroupId: "sg-alb",
      routes: [
        { service: "web", port: 9000, healthPath: "/ready", route: { kind: "default" } },
        { service: "ingest", port: 9001, healthPath: "/up", route: { kind: "rule", paths: [], hosts: ["ingest.example.com"], priority: 7 } },
      ],
      certificateArn: CERT,
    });
    new EcsCluster("compute", { environmentSuffix: LONGEST_SUFFIX, logsKeyArn: "arn:aws:kms:us-east-2:123456789012:key/logs" });
  });
});

describe("PublicLoadBalancer with the longest suffix", () => {
  it("keeps the ALB and target group names within 32 characters, ending in the suffix", () => {
    const lbName: string = mocks.one("aws:lb/loadBalancer:LoadBalancer").inputs.name;
    const tgName: string = mocks.one("aws:lb/targetGroup:TargetGroup", "web").inputs.name;
    for (const name of [lbName, tgName]) {
      expect(name.length).toBeLessThanOrEqual(32);
      expect(name.endsWith(`-${LONGEST_SUFFIX}`)).toBe(true);
      expect(name).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
    }
    expect(lbName).not.toBe(tgName);
  });

  it("children derive their names from the component name", () => {
    const names = mocks.resources.filter((r) => r.custom && r.type.startsWith("aws:")).map((r) => r.name);
    // Target groups and rules are named by their service.
    expect(names.filter((n) => !n.startsWith("edge") && !n.startsWith("compute")).sort()).toEqual(["ingest", "ingest", "web"]);
  });

  it("puts the access-log bucket through the baseline in order: public access, ownership, SSE-S3, versioning, lifecycle, policy", () => {
    const bucket = mocks.one("aws:s3/bucket:Bucket");
    expect(bucket.inputs).toEqual({ bucket: `alb-logs-${TEST_ACCOUNT_ID}-${LONGEST_SUFFIX}`, forceDestroy: true });
    const chain = [
      "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
      "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
      "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
      "aws:s3/bucketVersioning:BucketVersioning",
      "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
      "aws:s3/bucketPolicy:BucketPolicy",
    ].map((type) => mocks.one(type));
    chain.forEach((r) => expect(r.inputs.bucket).toBe(bucket.inputs.bucket));
    chain.slice(1).forEach((r, i) => expect(r.dependsOn).toContain(chain[i].urn));

    const [publicAccess, ownership, encryption, versioning, lifecycle] = chain.map((r) => {
      const rest = { ...r.inputs };
      delete rest.bucket;
      return rest;
    });
    expect(publicAccess).toEqual({ blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true });
    expect(ownership).toEqual({ rule: { objectOwnership: "BucketOwnerEnforced" } });
    // ALB log delivery supports SSE-S3 only.
    expect(encryption).toEqual({ rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] });
    expect(versioning).toEqual({ versioningConfiguration: { status: "Enabled" } });
    expect(lifecycle).toEqual({
      transitionDefaultMinimumObjectSize: "varies_by_storage_class",
      rules: [
        {
          id: "glacier-after-90-days",
          status: "Enabled",
          filter: { prefix: "" },
          transitions: [{ days: 90, storageClass: "GLACIER" }],
          noncurrentVersionTransitions: [{ noncurrentDays: 90, storageClass: "GLACIER" }],
          abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
        },
      ],
    });
    expect(JSON.parse(chain[5].inputs.policy).Statement[1].Principal).toEqual({ AWS: `arn:aws:iam::${ELB_ACCOUNT_ID}:root` });
  });

  it("probes each service's path on its port", () => {
    expect(mocks.one("aws:lb/targetGroup:TargetGroup", "web").inputs).toMatchObject({ port: 9000, healthCheck: { path: "/ready" }, tags: { service: "web" } });
    expect(mocks.one("aws:lb/targetGroup:TargetGroup", "ingest").inputs).toMatchObject({ port: 9001, healthCheck: { path: "/up" } });
  });

  it("routes a host-only rule on the HTTPS listener, and the default action to the default route", () => {
    const https = mocks.one("aws:lb/listener:Listener", "edge-https");
    expect(https.inputs.defaultActions).toEqual([{ type: "forward", targetGroupArn: mocks.one("aws:lb/targetGroup:TargetGroup", "web").state.arn }]);
    expect(mocks.one("aws:lb/listenerRule:ListenerRule").inputs).toEqual({
      listenerArn: https.state.arn,
      priority: 7,
      conditions: [{ hostHeader: { values: ["ingest.example.com"] } }],
      actions: [{ type: "forward", targetGroupArn: mocks.one("aws:lb/targetGroup:TargetGroup", "ingest").state.arn }],
      tags: { service: "ingest" },
    });
  });
});

describe("EcsCluster with the longest suffix", () => {
  it("names the cluster and its Container Insights group from the same suffix", () => {
    const cluster = mocks.one("aws:ecs/cluster:Cluster");
    expect(cluster.inputs.name).toBe(`ecs-cluster-${LONGEST_SUFFIX}`);
    expect(mocks.ofType("aws:cloudwatch/logGroup:LogGroup").map((g) => [g.name, g.inputs.name])).toEqual([
      ["compute-insights", `/aws/ecs/containerinsights/ecs-cluster-${LONGEST_SUFFIX}/performance`],
    ]);
  });
});

describe("PublicLoadBalancer without a default route", () => {
  it("refuses to build a listener with no target (catalog.ts normally stops this first)", async () => {
    const { PublicLoadBalancer } = await import("../src/public-load-balancer");
    expect(
      () =>
        new PublicLoadBalancer("bare", {
          environmentSuffix: "dev",
          vpcId: "vpc-1",
          subnetIds: [],
          securityGroupId: "sg-alb",
          routes: [{ service: "web", port: 9000, healthPath: "/", route: { kind: "rule", paths: ["/x"], hosts: [], priority: 1 } }],
        }),
    ).toThrow("PublicLoadBalancer needs exactly one route with { default: true }");
  });
});
