import { GRANTS, GRANT_SIDS } from "@fin/contracts";
import { GRANT_STATEMENTS, databaseUserArn, ecsTasksTrustPolicy, executionPolicyDocument, taskPolicyDocument } from "../src/iam-policies";

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
  it("pulls one repository and writes one log group; no secret", () => {
    expect(executionPolicyDocument({ repositoryArn: "arn:aws:ecr:us-east-2:123456789012:repository/api-dev", logGroupArn: "arn:aws:logs:us-east-2:123456789012:log-group:/ecs/api-dev" })).toEqual({
      Version: "2012-10-17",
      Statement: [
        { Sid: "EcrAuthorizationToken", Effect: "Allow", Action: ["ecr:GetAuthorizationToken"], Resource: "*" },
        {
          Sid: "PullServiceImage",
          Effect: "Allow",
          Action: ["ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"],
          Resource: "arn:aws:ecr:us-east-2:123456789012:repository/api-dev",
        },
        {
          Sid: "WriteContainerLogs",
          Effect: "Allow",
          Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
          Resource: "arn:aws:logs:us-east-2:123456789012:log-group:/ecs/api-dev:log-stream:*",
        },
      ],
    });
  });
});

const ARNS = {
  region: "us-east-2",
  rawBucketArn: "arn:aws:s3:::raw",
  processedBucketArn: "arn:aws:s3:::processed",
  streamArn: "arn:aws:kinesis:us-east-2:123456789012:stream/ingest",
  storageKeyArn: "arn:aws:kms:us-east-2:123456789012:key/storage",
  databaseUserArn: "arn:aws:rds-db:us-east-2:123456789012:dbuser:cluster-ABC/api",
  metricsNamespace: "fin/dev/api",
};

describe("GRANT_STATEMENTS", () => {
  it("covers exactly the contract's GRANTS, each with the Sids GRANT_SIDS lists", () => {
    expect(Object.keys(GRANT_STATEMENTS).sort()).toEqual([...GRANTS].sort());
    for (const grant of GRANTS) {
      expect({ grant, sids: GRANT_STATEMENTS[grant](ARNS).map((s) => s.Sid) }).toEqual({ grant, sids: [...GRANT_SIDS[grant]] });
    }
  });

  it("uses a bare * only for cloudwatch:PutMetricData, and then only in the service's own namespace", () => {
    const all = GRANTS.flatMap((g) => GRANT_STATEMENTS[g](ARNS));
    expect(all.filter((s) => s.Resource === "*").map((s) => [s.Action, s.Condition])).toEqual([[["cloudwatch:PutMetricData"], { StringEquals: { "cloudwatch:namespace": "fin/dev/api" } }]]);
    // Every key use is bound to one service that calls KMS on the task's behalf.
    expect(all.filter((s) => String(s.Action).includes("kms:")).every((s) => s.Condition?.StringEquals?.["kms:ViaService"] !== undefined)).toBe(true);
  });
});

describe("taskPolicyDocument", () => {
  it("is the grants' statements in order, and nothing else", () => {
    expect(taskPolicyDocument(["database:connect", "processed:read"], ARNS)).toEqual({
      Version: "2012-10-17",
      Statement: [
        { Sid: "DatabaseConnectAsServiceUser", Effect: "Allow", Action: ["rds-db:connect"], Resource: "arn:aws:rds-db:us-east-2:123456789012:dbuser:cluster-ABC/api" },
        { Sid: "ProcessedBucketList", Effect: "Allow", Action: ["s3:ListBucket"], Resource: "arn:aws:s3:::processed" },
        { Sid: "ProcessedObjectsRead", Effect: "Allow", Action: ["s3:GetObject"], Resource: "arn:aws:s3:::processed/*" },
        {
          Sid: "ProcessedObjectsDecrypt",
          Effect: "Allow",
          Action: ["kms:Decrypt"],
          Resource: "arn:aws:kms:us-east-2:123456789012:key/storage",
          Condition: { StringEquals: { "kms:ViaService": "s3.us-east-2.amazonaws.com" } },
        },
      ],
    });
  });
});
