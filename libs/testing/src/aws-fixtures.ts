import { createHash } from "node:crypto";

/** The fixed account and region every mocked ARN and id is built in. */
export const TEST_ACCOUNT_ID = "123456789012";
export const TEST_REGION = "us-east-2";
export const TEST_AZS = ["us-east-2a", "us-east-2b", "us-east-2c"] as const;
/** The real id of the S3 managed prefix list in us-east-2. */
export const S3_PREFIX_LIST_ID = "pl-7ba54012";
/** The Elastic Load Balancing account that delivers ALB access logs in us-east-2. */
export const ELB_ACCOUNT_ID = "033677994240";

/**
 * The newest Aurora PostgreSQL minor per parameter group family that the getEngineVersion mock
 * answers. Test values only: the stacks resolve the real one at deploy time.
 */
export const AURORA_POSTGRESQL_NEWEST_MINORS: Readonly<Record<string, string>> = {
  "aurora-postgresql14": "14.19",
  "aurora-postgresql15": "15.14",
  "aurora-postgresql16": "16.10",
  "aurora-postgresql17": "17.6",
};

type Inputs = Record<string, unknown>;
export type InvokeMock = (inputs: Inputs) => Inputs;

/** The token of aws.ecr.getImages(Output): ECR ListImages, every image id of a repository. */
export const ECR_IMAGES_INVOKE = "aws:ecr/getImages:getImages";

/** An image in a mocked ECR repository: its manifest digest and, unless untagged, its tags. */
export interface TestImage {
  readonly digest: string;
  readonly tags?: readonly string[];
}

/** The tag every mocked repository holds by default (each stack's Pulumi.yaml default imageTag). */
export const TEST_IMAGE_TAG = "1.0.0";
/** Its digest: a fixed, well-formed sha256 digest. */
export const TEST_IMAGE_DIGEST = `sha256:${createHash("sha256").update(`image ${TEST_IMAGE_TAG}`).digest("hex")}`;

/**
 * aws.ecr.getImages as the data source answers: ListImages, one image id per (digest, tag) pair and a
 * digest-only id for an untagged image; an empty repository gives an empty list, not an error
 * (hashicorp/terraform-provider-aws internal/service/ecr/images_data_source.go, findImages).
 * `[]` feeds "no image pushed yet"; pass it as `invokes: { [ECR_IMAGES_INVOKE]: ecrImagesInvoke([]) }`.
 */
export function ecrImagesInvoke(images: readonly TestImage[]): InvokeMock {
  return (inputs) => ({
    repositoryName: inputs["repositoryName"],
    registryId: TEST_ACCOUNT_ID,
    region: TEST_REGION,
    imageIds: images.flatMap(({ digest, tags = [] }) =>
      tags.length === 0 ? [{ imageDigest: digest }] : tags.map((imageTag) => ({ imageDigest: digest, imageTag })),
    ),
  });
}

/** The invokes our programs use, answered as AWS answers them in us-east-2. */
export const AWS_INVOKES: Record<string, InvokeMock> = {
  "aws:index/getCallerIdentity:getCallerIdentity": () => ({
    accountId: TEST_ACCOUNT_ID,
    arn: `arn:aws:iam::${TEST_ACCOUNT_ID}:role/ci-deployer`,
    id: TEST_ACCOUNT_ID,
    userId: "AROAEXAMPLEDEPLOYER:ci",
  }),
  "aws:index/getRegion:getRegion": () => ({
    id: TEST_REGION,
    name: TEST_REGION,
    region: TEST_REGION,
    description: "US East (Ohio)",
    endpoint: `ec2.${TEST_REGION}.amazonaws.com`,
  }),
  "aws:index/getPartition:getPartition": () => ({
    id: "aws",
    partition: "aws",
    dnsSuffix: "amazonaws.com",
    reverseDnsPrefix: "com.amazonaws",
  }),
  "aws:index/getAvailabilityZones:getAvailabilityZones": () => ({
    id: TEST_REGION,
    names: [...TEST_AZS],
    zoneIds: ["use2-az1", "use2-az2", "use2-az3"],
    groupNames: [TEST_REGION],
  }),
  "aws:ec2/getManagedPrefixList:getManagedPrefixList": (inputs) => ({
    id: S3_PREFIX_LIST_ID,
    arn: `arn:aws:ec2:${TEST_REGION}:aws:prefix-list/${S3_PREFIX_LIST_ID}`,
    name: inputs["name"],
    addressFamily: "IPv4",
    maxEntries: 0,
    ownerId: "AWS",
    entries: [],
  }),
  // aws.rds.getEngineVersion as the data source answers for an engine + family (+ latest): the one
  // newest version, or the "no RDS engine versions match the criteria" error
  // (hashicorp/terraform-provider-aws internal/service/rds/engine_version_data_source.go).
  "aws:rds/getEngineVersion:getEngineVersion": (inputs) => {
    const family = String(inputs["parameterGroupFamily"]);
    const version = inputs["engine"] === "aurora-postgresql" ? AURORA_POSTGRESQL_NEWEST_MINORS[family] : undefined;
    if (!version) {
      throw new Error(`no RDS engine versions match the criteria: ${JSON.stringify(inputs)}`);
    }
    return {
      ...inputs,
      id: version,
      engine: "aurora-postgresql",
      parameterGroupFamily: family,
      status: "available",
      supportedModes: ["provisioned"],
      version,
      versionActual: version,
      versionDescription: `Aurora PostgreSQL (Compatible with PostgreSQL ${version})`,
    };
  },
  // Every repository holds TEST_IMAGE_TAG, so a plan shows the steady state; a test feeds [] for a first deploy.
  [ECR_IMAGES_INVOKE]: ecrImagesInvoke([{ digest: TEST_IMAGE_DIGEST, tags: [TEST_IMAGE_TAG] }]),
  "aws:elb/getServiceAccount:getServiceAccount": () => ({
    id: ELB_ACCOUNT_ID,
    arn: `arn:aws:iam::${ELB_ACCOUNT_ID}:root`,
  }),
};

/** Deterministic hex derived from a resource's identity, so plans are stable between runs. */
export function fakeHex(seed: string, length: number): string {
  return createHash("sha256").update(seed).digest("hex").slice(0, length);
}

function fakeUuid(seed: string): string {
  const h = fakeHex(seed, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

const arn = (service: string, resource: string, region: string = TEST_REGION, account: string = TEST_ACCOUNT_ID) =>
  `arn:aws:${service}:${region}:${account}:${resource}`;

interface Computed {
  readonly id: string;
  readonly state: Inputs;
}

type StateBuilder = (name: string, inputs: Inputs, seed: string) => Computed;

const str = (inputs: Inputs, key: string): string | undefined =>
  typeof inputs[key] === "string" ? (inputs[key] as string) : undefined;

/** What AWS would compute for the resource types our stacks declare (ids, ARNs, endpoints). */
const STATE_BUILDERS: Record<string, StateBuilder> = {
  "aws:kms/key:Key": (_n, _i, seed) => {
    const keyId = fakeUuid(seed);
    return { id: keyId, state: { keyId, arn: arn("kms", `key/${keyId}`) } };
  },
  "aws:kms/alias:Alias": (name, inputs) => {
    const alias = str(inputs, "name") ?? `alias/${name}`;
    return { id: alias, state: { name: alias, arn: arn("kms", alias), targetKeyArn: inputs["targetKeyId"] } };
  },
  "aws:s3/bucket:Bucket": (name, inputs, seed) => {
    const bucket = str(inputs, "bucket") ?? `${name}-${fakeHex(seed, 7)}`;
    return {
      id: bucket,
      state: {
        bucket,
        arn: `arn:aws:s3:::${bucket}`,
        bucketDomainName: `${bucket}.s3.amazonaws.com`,
        bucketRegionalDomainName: `${bucket}.s3.${TEST_REGION}.amazonaws.com`,
        region: TEST_REGION,
      },
    };
  },
  "aws:iam/role:Role": (name, inputs, seed) => {
    const roleName = str(inputs, "name") ?? `${name}-${fakeHex(seed, 7)}`;
    return { id: roleName, state: { name: roleName, arn: `arn:aws:iam::${TEST_ACCOUNT_ID}:role${str(inputs, "path") ?? "/"}${roleName}`, uniqueId: `AROA${fakeHex(seed, 16).toUpperCase()}` } };
  },
  "aws:iam/policy:Policy": (name, inputs, seed) => {
    const policyName = str(inputs, "name") ?? `${name}-${fakeHex(seed, 7)}`;
    const policyArn = `arn:aws:iam::${TEST_ACCOUNT_ID}:policy${str(inputs, "path") ?? "/"}${policyName}`;
    return { id: policyArn, state: { name: policyName, arn: policyArn, policyId: `ANPA${fakeHex(seed, 16).toUpperCase()}` } };
  },
  "aws:cloudwatch/logGroup:LogGroup": (name, inputs, seed) => {
    const groupName = str(inputs, "name") ?? `${name}-${fakeHex(seed, 7)}`;
    return { id: groupName, state: { name: groupName, arn: arn("logs", `log-group:${groupName}`) } };
  },
  "aws:ec2/vpc:Vpc": (_n, _i, seed) => {
    const id = `vpc-${fakeHex(seed, 17)}`;
    return {
      id,
      state: {
        arn: arn("ec2", `vpc/${id}`),
        defaultSecurityGroupId: `sg-${fakeHex(`${seed}/default-sg`, 17)}`,
        mainRouteTableId: `rtb-${fakeHex(`${seed}/main-rtb`, 17)}`,
        defaultNetworkAclId: `acl-${fakeHex(`${seed}/acl`, 17)}`,
        ownerId: TEST_ACCOUNT_ID,
      },
    };
  },
  "aws:rds/cluster:Cluster": (name, inputs, seed) => {
    const identifier = str(inputs, "clusterIdentifier") ?? `${name}-${fakeHex(seed, 7)}`;
    const host = `${identifier}.cluster-c${fakeHex(seed, 11)}.${TEST_REGION}.rds.amazonaws.com`;
    const manageSecret = inputs["manageMasterUserPassword"] === true;
    return {
      id: identifier,
      state: {
        clusterIdentifier: identifier,
        arn: arn("rds", `cluster:${identifier}`),
        clusterResourceId: `cluster-${fakeHex(seed, 26).toUpperCase()}`,
        endpoint: host,
        readerEndpoint: host.replace(".cluster-", ".cluster-ro-"),
        hostedZoneId: "Z2XHWR1WZ565X2",
        masterUserSecrets: manageSecret
          ? [
              {
                secretArn: arn("secretsmanager", `secret:rds!cluster-${fakeUuid(seed)}-${fakeHex(`${seed}/s`, 6)}`),
                kmsKeyId: inputs["masterUserSecretKmsKeyId"],
                secretStatus: "active",
              },
            ]
          : [],
      },
    };
  },
  "aws:rds/clusterInstance:ClusterInstance": (name, inputs, seed) => {
    const identifier = str(inputs, "identifier") ?? `${name}-${fakeHex(seed, 7)}`;
    return {
      id: identifier,
      state: {
        identifier,
        arn: arn("rds", `db:${identifier}`),
        dbiResourceId: `db-${fakeHex(seed, 26).toUpperCase()}`,
        endpoint: `${identifier}.c${fakeHex(seed, 11)}.${TEST_REGION}.rds.amazonaws.com`,
      },
    };
  },
  "aws:ecs/cluster:Cluster": (name, inputs, seed) => {
    const clusterName = str(inputs, "name") ?? `${name}-${fakeHex(seed, 7)}`;
    const clusterArn = arn("ecs", `cluster/${clusterName}`);
    return { id: clusterArn, state: { name: clusterName, arn: clusterArn } };
  },
  "aws:ecs/service:Service": (name, inputs, seed) => {
    const serviceName = str(inputs, "name") ?? `${name}-${fakeHex(seed, 7)}`;
    const cluster = (str(inputs, "cluster") ?? "default").split("/").pop();
    const serviceArn = arn("ecs", `service/${cluster}/${serviceName}`);
    return { id: serviceArn, state: { name: serviceName, arn: serviceArn } };
  },
  "aws:ecs/taskDefinition:TaskDefinition": (name, inputs) => {
    const family = str(inputs, "family") ?? name;
    return { id: family, state: { arn: arn("ecs", `task-definition/${family}:1`), arnWithoutRevision: arn("ecs", `task-definition/${family}`), revision: 1 } };
  },
  "aws:lb/loadBalancer:LoadBalancer": (name, inputs, seed) => {
    const lbName = str(inputs, "name") ?? `${name}-${fakeHex(seed, 7)}`;
    const suffix = `app/${lbName}/${fakeHex(seed, 16)}`;
    const lbArn = arn("elasticloadbalancing", `loadbalancer/${suffix}`);
    return {
      id: lbArn,
      state: { name: lbName, arn: lbArn, arnSuffix: suffix, dnsName: `${lbName}-${parseInt(fakeHex(seed, 8), 16)}.${TEST_REGION}.elb.amazonaws.com`, zoneId: "Z3AADJGX6KTTL2" },
    };
  },
  "aws:lb/targetGroup:TargetGroup": (name, inputs, seed) => {
    const tgName = str(inputs, "name") ?? `${name}-${fakeHex(seed, 7)}`;
    const suffix = `targetgroup/${tgName}/${fakeHex(seed, 16)}`;
    const tgArn = arn("elasticloadbalancing", suffix);
    return { id: tgArn, state: { name: tgName, arn: tgArn, arnSuffix: suffix } };
  },
  "aws:ecr/repository:Repository": (name, inputs, seed) => {
    const repo = str(inputs, "name") ?? `${name}-${fakeHex(seed, 7)}`;
    return {
      id: repo,
      state: {
        name: repo,
        arn: arn("ecr", `repository/${repo}`),
        registryId: TEST_ACCOUNT_ID,
        repositoryUrl: `${TEST_ACCOUNT_ID}.dkr.ecr.${TEST_REGION}.amazonaws.com/${repo}`,
      },
    };
  },
  "aws:kinesis/stream:Stream": (name, inputs, seed) => {
    const streamName = str(inputs, "name") ?? `${name}-${fakeHex(seed, 7)}`;
    const streamArn = arn("kinesis", `stream/${streamName}`);
    return { id: streamArn, state: { name: streamName, arn: streamArn } };
  },
  "aws:backup/vault:Vault": (name, inputs, seed) => {
    const vaultName = str(inputs, "name") ?? `${name}-${fakeHex(seed, 7)}`;
    return { id: vaultName, state: { name: vaultName, arn: arn("backup", `backup-vault:${vaultName}`), recoveryPoints: 0 } };
  },
  "aws:backup/plan:Plan": (_n, _i, seed) => {
    const planId = fakeUuid(seed);
    return { id: planId, state: { arn: arn("backup", `backup-plan:${planId}`), version: fakeHex(seed, 32) } };
  },
  "aws:secretsmanager/secret:Secret": (name, inputs, seed) => {
    const secretName = str(inputs, "name") ?? `${name}-${fakeHex(seed, 7)}`;
    const secretArn = arn("secretsmanager", `secret:${secretName}-${fakeHex(seed, 6)}`);
    return { id: secretArn, state: { name: secretName, arn: secretArn } };
  },
};

/** EC2-style ids for the VPC family: subnet-..., sg-..., rtb-..., vpce-... */
const EC2_ID_PREFIXES: Record<string, string> = {
  "aws:ec2/subnet:Subnet": "subnet",
  "aws:ec2/securityGroup:SecurityGroup": "sg",
  "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": "sg",
  "aws:ec2/routeTable:RouteTable": "rtb",
  "aws:ec2/internetGateway:InternetGateway": "igw",
  "aws:ec2/vpcEndpoint:VpcEndpoint": "vpce",
  "aws:ec2/flowLog:FlowLog": "fl",
  "aws:ec2/routeTableAssociation:RouteTableAssociation": "rtbassoc",
  "aws:ec2/route:Route": "r",
  "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": "sgr",
  "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": "sgr",
};

/** The id and computed state the mock engine returns for a newly declared resource. */
export function computedState(type: string, name: string, inputs: Inputs): Computed {
  const seed = `${type}::${name}`;
  const builder = STATE_BUILDERS[type];
  if (builder) {
    const built = builder(name, inputs, seed);
    return { id: built.id, state: { ...inputs, ...built.state } };
  }
  const ec2Prefix = EC2_ID_PREFIXES[type];
  const id = ec2Prefix ? `${ec2Prefix}-${fakeHex(seed, 17)}` : `${name}-${fakeHex(seed, 8)}`;
  const [pkg, module] = type.split(":");
  const service = pkg === "aws" ? module.split("/")[0] : pkg;
  return { id, state: { ...inputs, arn: arn(service, `${name}/${id}`) } };
}
