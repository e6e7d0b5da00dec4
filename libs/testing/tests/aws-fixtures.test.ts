import {
  AURORA_POSTGRESQL_NEWEST_MINORS,
  AWS_INVOKES,
  ECR_IMAGES_INVOKE,
  ELB_ACCOUNT_ID,
  S3_PREFIX_LIST_ID,
  TEST_ACCOUNT_ID,
  TEST_AZS,
  TEST_IMAGE_DIGEST,
  computedState,
  ecrImagesInvoke,
  fakeHex,
} from "../src";

describe("AWS_INVOKES", () => {
  it("answers identity, region, partition and AZs for the fixed test account in us-east-2", () => {
    expect(AWS_INVOKES["aws:index/getCallerIdentity:getCallerIdentity"]({})).toMatchObject({ accountId: TEST_ACCOUNT_ID });
    expect(AWS_INVOKES["aws:index/getRegion:getRegion"]({})).toMatchObject({ name: "us-east-2", region: "us-east-2" });
    expect(AWS_INVOKES["aws:index/getPartition:getPartition"]({})).toMatchObject({ partition: "aws", dnsSuffix: "amazonaws.com" });
    expect(AWS_INVOKES["aws:index/getAvailabilityZones:getAvailabilityZones"]({})).toMatchObject({ names: [...TEST_AZS] });
  });

  it("answers the S3 prefix list and the ELB log-delivery account of us-east-2", () => {
    expect(AWS_INVOKES["aws:ec2/getManagedPrefixList:getManagedPrefixList"]({ name: "com.amazonaws.us-east-2.s3" })).toMatchObject({
      id: S3_PREFIX_LIST_ID,
      name: "com.amazonaws.us-east-2.s3",
    });
    expect(AWS_INVOKES["aws:elb/getServiceAccount:getServiceAccount"]({})).toEqual({ id: ELB_ACCOUNT_ID, arn: "arn:aws:iam::033677994240:root" });
  });
});

describe("the getEngineVersion mock", () => {
  const getEngineVersion = AWS_INVOKES["aws:rds/getEngineVersion:getEngineVersion"];

  it("answers the newest Aurora PostgreSQL minor of the family asked for", () => {
    const query = { engine: "aurora-postgresql", parameterGroupFamily: "aurora-postgresql17", latest: true };
    expect(getEngineVersion(query)).toMatchObject({ ...query, version: "17.6", versionActual: "17.6", status: "available", supportedModes: ["provisioned"] });
    expect(Object.keys(AURORA_POSTGRESQL_NEWEST_MINORS)).toEqual(["aurora-postgresql14", "aurora-postgresql15", "aurora-postgresql16", "aurora-postgresql17"]);
  });

  it("fails like the data source when nothing matches", () => {
    expect(() => getEngineVersion({ engine: "aurora-postgresql", parameterGroupFamily: "aurora-postgresql13" })).toThrow(
      'no RDS engine versions match the criteria: {"engine":"aurora-postgresql","parameterGroupFamily":"aurora-postgresql13"}',
    );
    expect(() => getEngineVersion({ engine: "aurora-mysql", parameterGroupFamily: "aurora-postgresql17" })).toThrow("no RDS engine versions match the criteria");
  });
});

describe("computedState", () => {
  const hex = (type: string, name: string, n: number) => fakeHex(`${type}::${name}`, n);

  it("keeps the inputs and is deterministic", () => {
    const a = computedState("aws:kms/key:Key", "k", { description: "d" });
    expect(a).toEqual(computedState("aws:kms/key:Key", "k", { description: "d" }));
    expect(a.state["description"]).toBe("d");
    expect(a.state["arn"]).toBe(`arn:aws:kms:us-east-2:123456789012:key/${a.id}`);
    expect(a.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });

  it.each([
    ["aws:kms/alias:Alias", { name: "alias/logs-key-dev" }, "alias/logs-key-dev", { arn: "arn:aws:kms:us-east-2:123456789012:alias/logs-key-dev" }],
    ["aws:s3/bucket:Bucket", { bucket: "raw-data-dev" }, "raw-data-dev", { arn: "arn:aws:s3:::raw-data-dev", bucketRegionalDomainName: "raw-data-dev.s3.us-east-2.amazonaws.com" }],
    ["aws:iam/role:Role", { name: "task-role-dev" }, "task-role-dev", { arn: "arn:aws:iam::123456789012:role/task-role-dev" }],
    ["aws:iam/policy:Policy", { name: "task-policy-dev", path: "/fin/" }, "arn:aws:iam::123456789012:policy/fin/task-policy-dev", { name: "task-policy-dev" }],
    ["aws:cloudwatch/logGroup:LogGroup", { name: "/aws/ecs/app-dev" }, "/aws/ecs/app-dev", { arn: "arn:aws:logs:us-east-2:123456789012:log-group:/aws/ecs/app-dev" }],
    ["aws:ecs/cluster:Cluster", { name: "ecs-cluster-dev" }, "arn:aws:ecs:us-east-2:123456789012:cluster/ecs-cluster-dev", { name: "ecs-cluster-dev" }],
    ["aws:ecs/service:Service", { name: "analytics-dev", cluster: "arn:aws:ecs:us-east-2:123456789012:cluster/ecs-cluster-dev" }, "arn:aws:ecs:us-east-2:123456789012:service/ecs-cluster-dev/analytics-dev", {}],
    ["aws:ecs/taskDefinition:TaskDefinition", { family: "analytics-dev" }, "analytics-dev", { arn: "arn:aws:ecs:us-east-2:123456789012:task-definition/analytics-dev:1", revision: 1 }],
    ["aws:ecr/repository:Repository", { name: "analytics-dev" }, "analytics-dev", { repositoryUrl: "123456789012.dkr.ecr.us-east-2.amazonaws.com/analytics-dev" }],
    ["aws:kinesis/stream:Stream", { name: "market-data-dev" }, "arn:aws:kinesis:us-east-2:123456789012:stream/market-data-dev", {}],
    ["aws:backup/vault:Vault", { name: "backup-vault-dev" }, "backup-vault-dev", { arn: "arn:aws:backup:us-east-2:123456789012:backup-vault:backup-vault-dev" }],
    ["aws:rds/clusterInstance:ClusterInstance", { identifier: "aurora-1-dev" }, "aurora-1-dev", { arn: "arn:aws:rds:us-east-2:123456789012:db:aurora-1-dev" }],
  ])("computes what AWS returns for %s", (type, inputs, id, expected) => {
    const { id: actualId, state } = computedState(type, "logical", inputs);
    expect(actualId).toBe(id);
    expect(state).toMatchObject({ ...inputs, ...expected });
  });

  it("autonames like Pulumi when no physical name is given", () => {
    for (const type of ["aws:s3/bucket:Bucket", "aws:iam/role:Role", "aws:iam/policy:Policy", "aws:cloudwatch/logGroup:LogGroup", "aws:ecs/cluster:Cluster", "aws:ecs/service:Service", "aws:lb/loadBalancer:LoadBalancer", "aws:lb/targetGroup:TargetGroup", "aws:ecr/repository:Repository", "aws:kinesis/stream:Stream", "aws:backup/vault:Vault", "aws:secretsmanager/secret:Secret", "aws:rds/cluster:Cluster", "aws:rds/clusterInstance:ClusterInstance"]) {
      const { state } = computedState(type, "thing", {});
      const name = state["bucket"] ?? state["name"] ?? state["clusterIdentifier"] ?? state["identifier"];
      expect(name).toBe(`thing-${hex(type, "thing", 7)}`);
    }
    expect(computedState("aws:kms/alias:Alias", "a", {}).id).toBe("alias/a");
    expect(computedState("aws:ecs/taskDefinition:TaskDefinition", "td", {}).id).toBe("td");
    expect(computedState("aws:ecs/service:Service", "svc", { name: "s" }).state["arn"]).toBe("arn:aws:ecs:us-east-2:123456789012:service/default/s");
  });

  it("returns the managed master secret only when RDS manages the password", () => {
    const managed = computedState("aws:rds/cluster:Cluster", "db", { clusterIdentifier: "aurora-dev", manageMasterUserPassword: true, masterUserSecretKmsKeyId: "key-arn" });
    expect(managed.state["arn"]).toBe("arn:aws:rds:us-east-2:123456789012:cluster:aurora-dev");
    expect(managed.state["clusterResourceId"]).toMatch(/^cluster-[0-9A-F]{26}$/);
    expect(managed.state["readerEndpoint"]).toBe(String(managed.state["endpoint"]).replace(".cluster-", ".cluster-ro-"));
    expect(managed.state["masterUserSecrets"]).toEqual([
      { secretArn: expect.stringMatching(/^arn:aws:secretsmanager:us-east-2:123456789012:secret:rds!cluster-/), kmsKeyId: "key-arn", secretStatus: "active" },
    ]);
    expect(computedState("aws:rds/cluster:Cluster", "db", { clusterIdentifier: "aurora-dev" }).state["masterUserSecrets"]).toEqual([]);
  });

  it("gives load balancers and target groups ARNs with their suffixes", () => {
    const lb = computedState("aws:lb/loadBalancer:LoadBalancer", "alb", { name: "alb-dev" });
    expect(lb.state["arn"]).toBe(`arn:aws:elasticloadbalancing:us-east-2:123456789012:loadbalancer/${lb.state["arnSuffix"]}`);
    expect(lb.state["dnsName"]).toMatch(/^alb-dev-\d+\.us-east-2\.elb\.amazonaws\.com$/);
    const tg = computedState("aws:lb/targetGroup:TargetGroup", "tg", { name: "tg-dev" });
    expect(tg.state["arnSuffix"]).toMatch(/^targetgroup\/tg-dev\/[0-9a-f]{16}$/);
  });

  it("gives the VPC family EC2-style ids", () => {
    const vpc = computedState("aws:ec2/vpc:Vpc", "vpc", { cidrBlock: "10.0.0.0/16" });
    expect(vpc.id).toMatch(/^vpc-[0-9a-f]{17}$/);
    expect(vpc.state["defaultSecurityGroupId"]).toMatch(/^sg-[0-9a-f]{17}$/);
    expect(computedState("aws:ec2/subnet:Subnet", "s", {}).id).toMatch(/^subnet-[0-9a-f]{17}$/);
    expect(computedState("aws:ec2/vpcEndpoint:VpcEndpoint", "e", {}).id).toMatch(/^vpce-[0-9a-f]{17}$/);
    expect(computedState("aws:backup/plan:Plan", "p", {}).state["arn"]).toMatch(/^arn:aws:backup:us-east-2:123456789012:backup-plan:/);
  });

  it("falls back to a generic id and ARN for other types", () => {
    const { id, state } = computedState("aws:appautoscaling/policy:Policy", "cpu", { policyType: "TargetTrackingScaling" });
    expect(id).toBe(`cpu-${hex("aws:appautoscaling/policy:Policy", "cpu", 8)}`);
    expect(state["arn"]).toBe(`arn:aws:appautoscaling:us-east-2:123456789012:cpu/${id}`);
    expect(computedState("random:index/randomId:RandomId", "r", {}).state["arn"]).toMatch(/^arn:aws:random:/);
    expect(computedState("pulumi:providers:aws", "aws", {}).state["arn"]).toMatch(/^arn:aws:pulumi:/);
  });
});

describe("ECR images (aws.ecr.getImages)", () => {
  it("answers, by default, that every repository holds image 1.0.0 under a fixed sha256 digest", () => {
    expect(TEST_IMAGE_DIGEST).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(AWS_INVOKES[ECR_IMAGES_INVOKE]({ repositoryName: "analytics-dev" })).toEqual({
      repositoryName: "analytics-dev",
      registryId: TEST_ACCOUNT_ID,
      region: "us-east-2",
      imageIds: [{ imageDigest: TEST_IMAGE_DIGEST, imageTag: "1.0.0" }],
    });
  });

  it("lists one id per tag, a digest-only id for an untagged image, and nothing for an empty repository", () => {
    const a = `sha256:${"a".repeat(64)}`;
    const b = `sha256:${"b".repeat(64)}`;
    expect(ecrImagesInvoke([{ digest: a, tags: ["1.1.0", "stable"] }, { digest: b }])({ repositoryName: "r" })["imageIds"]).toEqual([
      { imageDigest: a, imageTag: "1.1.0" },
      { imageDigest: a, imageTag: "stable" },
      { imageDigest: b },
    ]);
    expect(ecrImagesInvoke([{ digest: b, tags: [] }])({ repositoryName: "r" })["imageIds"]).toEqual([{ imageDigest: b }]);
    expect(ecrImagesInvoke([])({ repositoryName: "r" })["imageIds"]).toEqual([]);
  });
});
