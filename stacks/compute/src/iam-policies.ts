import { PolicyDocument, policyDocument, serviceTrustPolicy, sourceAccountCondition } from "@fin/iam";

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
  readonly region: string;
  readonly repositoryArn: string;
  /** Log group ARN without the `:*` suffix (as the provider returns it). */
  readonly logGroupArn: string;
  readonly secretArn: string;
  /** The key the secret is encrypted with. */
  readonly secretKeyArn: string;
}

/** What the ECS agent needs to start the task: pull this image, write this group, read this secret. */
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
    {
      Sid: "ReadDatabaseSecret",
      Effect: "Allow",
      Action: ["secretsmanager:GetSecretValue"],
      Resource: a.secretArn,
    },
    {
      Sid: "DecryptDatabaseSecret",
      Effect: "Allow",
      Action: ["kms:Decrypt"],
      Resource: a.secretKeyArn,
      Condition: { StringEquals: { "kms:ViaService": `secretsmanager.${a.region}.amazonaws.com` } },
    },
  );
}

export interface TaskPolicyArns {
  readonly region: string;
  readonly rawBucketArn: string;
  readonly processedBucketArn: string;
  readonly streamArn: string;
  /** The key the buckets and the stream are encrypted with. */
  readonly storageKeyArn: string;
  readonly databaseUserArn: string;
}

/** What the application may do: read raw, read/write processed and the stream, connect to the database. */
export function taskPolicyDocument(a: TaskPolicyArns): PolicyDocument {
  return policyDocument(
    {
      Sid: "ListDataBuckets",
      Effect: "Allow",
      Action: ["s3:ListBucket"],
      Resource: [a.rawBucketArn, a.processedBucketArn],
    },
    {
      Sid: "ReadRawObjects",
      Effect: "Allow",
      Action: ["s3:GetObject"],
      // Object ARNs need the key wildcard; the bucket is exact.
      Resource: `${a.rawBucketArn}/*`,
    },
    {
      Sid: "ReadWriteProcessedObjects",
      Effect: "Allow",
      Action: ["s3:GetObject", "s3:PutObject", "s3:AbortMultipartUpload"],
      Resource: `${a.processedBucketArn}/*`,
    },
    {
      Sid: "ReadWriteStream",
      Effect: "Allow",
      Action: [
        "kinesis:DescribeStreamSummary",
        "kinesis:ListShards",
        "kinesis:GetShardIterator",
        "kinesis:GetRecords",
        "kinesis:PutRecord",
        "kinesis:PutRecords",
      ],
      Resource: a.streamArn,
    },
    {
      Sid: "UseStorageKeyThroughS3AndKinesis",
      Effect: "Allow",
      Action: ["kms:Decrypt", "kms:GenerateDataKey"],
      Resource: a.storageKeyArn,
      Condition: { StringEquals: { "kms:ViaService": [`s3.${a.region}.amazonaws.com`, `kinesis.${a.region}.amazonaws.com`] } },
    },
    {
      Sid: "ConnectToDatabaseWithIamAuth",
      Effect: "Allow",
      Action: ["rds-db:connect"],
      Resource: a.databaseUserArn,
    },
  );
}
