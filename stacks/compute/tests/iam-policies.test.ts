import { databaseUserArn, ecsTasksTrustPolicy, executionPolicyDocument, taskPolicyDocument } from "../src/iam-policies";

const ACCOUNT = "123456789012";

describe("ecsTasksTrustPolicy", () => {
  it("admits only ECS tasks of this account", () => {
    expect(ecsTasksTrustPolicy(ACCOUNT)).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "EcsTasksOfThisAccount",
          Effect: "Allow",
          Principal: { Service: "ecs-tasks.amazonaws.com" },
          Action: ["sts:AssumeRole"],
          Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } },
        },
      ],
    });
  });
});

describe("databaseUserArn", () => {
  it("uses the cluster resource id and the database user", () => {
    expect(databaseUserArn("aws", "us-east-2", ACCOUNT, "cluster-ABC", "analytics_app")).toBe("arn:aws:rds-db:us-east-2:123456789012:dbuser:cluster-ABC/analytics_app");
  });
});

describe("executionPolicyDocument", () => {
  it("pulls one repository, writes one log group and reads one secret", () => {
    const policy = executionPolicyDocument({
      region: "us-east-2",
      repositoryArn: "arn:aws:ecr:us-east-2:123456789012:repository/analytics-dev",
      logGroupArn: "arn:aws:logs:us-east-2:123456789012:log-group:/ecs/analytics-dev",
      secretArn: "arn:aws:secretsmanager:us-east-2:123456789012:secret:rds!cluster-1-AbCdEf",
      secretKeyArn: "arn:aws:kms:us-east-2:123456789012:key/db",
    });
    expect(policy).toEqual({
      Version: "2012-10-17",
      Statement: [
        { Sid: "EcrAuthorizationToken", Effect: "Allow", Action: ["ecr:GetAuthorizationToken"], Resource: "*" },
        {
          Sid: "PullServiceImage",
          Effect: "Allow",
          Action: ["ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"],
          Resource: "arn:aws:ecr:us-east-2:123456789012:repository/analytics-dev",
        },
        {
          Sid: "WriteContainerLogs",
          Effect: "Allow",
          Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
          Resource: "arn:aws:logs:us-east-2:123456789012:log-group:/ecs/analytics-dev:log-stream:*",
        },
        {
          Sid: "ReadDatabaseSecret",
          Effect: "Allow",
          Action: ["secretsmanager:GetSecretValue"],
          Resource: "arn:aws:secretsmanager:us-east-2:123456789012:secret:rds!cluster-1-AbCdEf",
        },
        {
          Sid: "DecryptDatabaseSecret",
          Effect: "Allow",
          Action: ["kms:Decrypt"],
          Resource: "arn:aws:kms:us-east-2:123456789012:key/db",
          Condition: { StringEquals: { "kms:ViaService": "secretsmanager.us-east-2.amazonaws.com" } },
        },
      ],
    });
  });

  it("uses a bare * only for ecr:GetAuthorizationToken", () => {
    const policy = executionPolicyDocument({ region: "r", repositoryArn: "a", logGroupArn: "b", secretArn: "c", secretKeyArn: "d" });
    expect(policy.Statement.filter((s) => s.Resource === "*").map((s) => s.Action)).toEqual([["ecr:GetAuthorizationToken"]]);
  });
});

describe("taskPolicyDocument", () => {
  it("reads raw, reads and writes processed and the stream, uses the storage key through S3 and Kinesis, connects as one DB user", () => {
    const policy = taskPolicyDocument({
      region: "us-east-2",
      rawBucketArn: "arn:aws:s3:::raw",
      processedBucketArn: "arn:aws:s3:::processed",
      streamArn: "arn:aws:kinesis:us-east-2:123456789012:stream/ingest",
      storageKeyArn: "arn:aws:kms:us-east-2:123456789012:key/storage",
      databaseUserArn: "arn:aws:rds-db:us-east-2:123456789012:dbuser:cluster-ABC/analytics_app",
    });
    expect(policy).toEqual({
      Version: "2012-10-17",
      Statement: [
        { Sid: "ListDataBuckets", Effect: "Allow", Action: ["s3:ListBucket"], Resource: ["arn:aws:s3:::raw", "arn:aws:s3:::processed"] },
        { Sid: "ReadRawObjects", Effect: "Allow", Action: ["s3:GetObject"], Resource: "arn:aws:s3:::raw/*" },
        { Sid: "ReadWriteProcessedObjects", Effect: "Allow", Action: ["s3:GetObject", "s3:PutObject", "s3:AbortMultipartUpload"], Resource: "arn:aws:s3:::processed/*" },
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
          Resource: "arn:aws:kinesis:us-east-2:123456789012:stream/ingest",
        },
        {
          Sid: "UseStorageKeyThroughS3AndKinesis",
          Effect: "Allow",
          Action: ["kms:Decrypt", "kms:GenerateDataKey"],
          Resource: "arn:aws:kms:us-east-2:123456789012:key/storage",
          Condition: { StringEquals: { "kms:ViaService": ["s3.us-east-2.amazonaws.com", "kinesis.us-east-2.amazonaws.com"] } },
        },
        {
          Sid: "ConnectToDatabaseWithIamAuth",
          Effect: "Allow",
          Action: ["rds-db:connect"],
          Resource: "arn:aws:rds-db:us-east-2:123456789012:dbuser:cluster-ABC/analytics_app",
        },
      ],
    });
  });
});
