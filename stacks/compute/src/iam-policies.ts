import type { Grant } from "@fin/contracts";
import { PolicyDocument, Statement, policyDocument, serviceTrustPolicy, sourceAccountCondition } from "@fin/iam";

/** Only ECS tasks of this account may assume the roles (confused-deputy guard). */
export function ecsTasksTrustPolicy(accountId: string): PolicyDocument {
  return serviceTrustPolicy("ecs-tasks.amazonaws.com", {
    sid: "EcsTasksOfThisAccount",
    // A list, as deployed today: the same JSON keeps the roles free of no-op policy updates.
    action: ["sts:AssumeRole"],
    conditions: sourceAccountCondition(accountId),
  });
}

/** The IAM-auth database user ARN; built from the cluster resource id, not its identifier. */
export function databaseUserArn(partition: string, region: string, accountId: string, clusterResourceId: string, user: string): string {
  return `arn:${partition}:rds-db:${region}:${accountId}:dbuser:${clusterResourceId}/${user}`;
}

export interface ExecutionPolicyArns {
  readonly repositoryArn: string;
  /** Log group ARN without the `:*` suffix (as the provider returns it). */
  readonly logGroupArn: string;
}

/**
 * What the ECS agent needs to start one service's task: pull its image, write its log group. No
 * secret: no service gets the database master credentials (each connects as its own IAM user).
 */
export function executionPolicyDocument(a: ExecutionPolicyArns): PolicyDocument {
  return policyDocument(
    {
      Sid: "EcrAuthorizationToken",
      Effect: "Allow",
      Action: ["ecr:GetAuthorizationToken"],
      // GetAuthorizationToken has no resource-level permissions: AWS accepts only "*".
      Resource: "*",
    },
    {
      Sid: "PullServiceImage",
      Effect: "Allow",
      Action: ["ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"],
      Resource: a.repositoryArn,
    },
    {
      Sid: "WriteContainerLogs",
      Effect: "Allow",
      Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
      // Stream names are chosen by the awslogs driver per task; the group itself is exact.
      Resource: `${a.logGroupArn}:log-stream:*`,
    },
  );
}

/** The exact ARNs a service's grants may name. */
export interface GrantArns {
  readonly region: string;
  readonly rawBucketArn: string;
  readonly processedBucketArn: string;
  readonly streamArn: string;
  /** The key the buckets and the stream are encrypted with. */
  readonly storageKeyArn: string;
  /** This service's own IAM database user (databaseUserArn with its user). */
  readonly databaseUserArn: string;
  /** This service's own CloudWatch metrics namespace. */
  readonly metricsNamespace: string;
}

/** The storage key, used only through one service (S3 or Kinesis) for one direction. */
const keyThrough = (sid: string, a: GrantArns, via: "s3" | "kinesis", action: string[]): Statement => ({
  Sid: sid,
  Effect: "Allow",
  Action: action,
  Resource: a.storageKeyArn,
  Condition: { StringEquals: { "kms:ViaService": `${via}.${a.region}.amazonaws.com` } },
});

/** Reading a bucket: list it, get its objects (object ARNs need the key wildcard), decrypt them. */
const bucketRead = (prefix: string, bucketArn: string, a: GrantArns): Statement[] => [
  { Sid: `${prefix}BucketList`, Effect: "Allow", Action: ["s3:ListBucket"], Resource: bucketArn },
  { Sid: `${prefix}ObjectsRead`, Effect: "Allow", Action: ["s3:GetObject"], Resource: `${bucketArn}/*` },
  keyThrough(`${prefix}ObjectsDecrypt`, a, "s3", ["kms:Decrypt"]),
];

/**
 * Writing a bucket: put objects (and abort a failed multipart upload). SSE-KMS needs
 * kms:GenerateDataKey to write and kms:Decrypt to complete a multipart upload
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html, "Permissions").
 */
const bucketWrite = (prefix: string, bucketArn: string, a: GrantArns): Statement[] => [
  { Sid: `${prefix}ObjectsWrite`, Effect: "Allow", Action: ["s3:PutObject", "s3:AbortMultipartUpload"], Resource: `${bucketArn}/*` },
  keyThrough(`${prefix}ObjectsEncrypt`, a, "s3", ["kms:GenerateDataKey", "kms:Decrypt"]),
];

/**
 * Every grant's statements, and nothing else a task role may hold. Each Sid is the one libs/contracts
 * GRANT_SIDS lists for that grant. Kinesis with a customer key: producers need kms:GenerateDataKey,
 * consumers kms:Decrypt (https://docs.aws.amazon.com/streams/latest/dev/permissions-user-key-KMS.html).
 */
export const GRANT_STATEMENTS: Readonly<Record<Grant, (a: GrantArns) => Statement[]>> = {
  "raw:read": (a) => bucketRead("Raw", a.rawBucketArn, a),
  "raw:write": (a) => bucketWrite("Raw", a.rawBucketArn, a),
  "processed:read": (a) => bucketRead("Processed", a.processedBucketArn, a),
  "processed:write": (a) => bucketWrite("Processed", a.processedBucketArn, a),
  "stream:read": (a) => [
    {
      Sid: "StreamRead",
      Effect: "Allow",
      Action: ["kinesis:DescribeStreamSummary", "kinesis:ListShards", "kinesis:GetShardIterator", "kinesis:GetRecords"],
      Resource: a.streamArn,
    },
    keyThrough("StreamRecordsDecrypt", a, "kinesis", ["kms:Decrypt"]),
  ],
  "stream:write": (a) => [
    { Sid: "StreamWrite", Effect: "Allow", Action: ["kinesis:DescribeStreamSummary", "kinesis:PutRecord", "kinesis:PutRecords"], Resource: a.streamArn },
    keyThrough("StreamRecordsEncrypt", a, "kinesis", ["kms:GenerateDataKey"]),
  ],
  "database:connect": (a) => [{ Sid: "DatabaseConnectAsServiceUser", Effect: "Allow", Action: ["rds-db:connect"], Resource: a.databaseUserArn }],
  // PutMetricData has no resource-level permissions; the cloudwatch:namespace condition key limits it
  // to the service's own namespace
  // (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/iam-cw-condition-keys-namespace.html).
  "metrics:write": (a) => [
    {
      Sid: "MetricsWriteOwnNamespace",
      Effect: "Allow",
      Action: ["cloudwatch:PutMetricData"],
      Resource: "*",
      Condition: { StringEquals: { "cloudwatch:namespace": a.metricsNamespace } },
    },
  ],
};

/**
 * A task role's policy: the statements of its grants, in the catalog's sorted order (each grant's
 * Sids are libs/contracts GRANT_SIDS). Called only for a service with grants: IAM refuses a policy
 * with no statement.
 */
export function taskPolicyDocument(grants: readonly Grant[], a: GrantArns): PolicyDocument {
  return policyDocument(...grants.flatMap((g) => GRANT_STATEMENTS[g](a)));
}
