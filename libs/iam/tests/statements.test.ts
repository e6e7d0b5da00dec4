import { serviceTrustPolicy, sourceAccountCondition, tlsOnlyStatement } from "../src";

const ACCOUNT = "123456789012";

describe("sourceAccountCondition", () => {
  it("limits a service principal to this account", () => {
    expect(sourceAccountCondition(ACCOUNT)).toEqual({ StringEquals: { "aws:SourceAccount": ACCOUNT } });
  });

  it("adds the source ARN pattern(s) after the account, as ArnLike", () => {
    expect(JSON.stringify(sourceAccountCondition(ACCOUNT, "arn:aws:ec2:us-east-2:123456789012:vpc-flow-log/*"))).toBe(
      '{"StringEquals":{"aws:SourceAccount":"123456789012"},"ArnLike":{"aws:SourceArn":"arn:aws:ec2:us-east-2:123456789012:vpc-flow-log/*"}}',
    );
    expect(sourceAccountCondition(ACCOUNT, ["arn:aws:s3:::raw", "arn:aws:s3:::processed"])).toEqual({
      StringEquals: { "aws:SourceAccount": ACCOUNT },
      ArnLike: { "aws:SourceArn": ["arn:aws:s3:::raw", "arn:aws:s3:::processed"] },
    });
  });
});

describe("serviceTrustPolicy", () => {
  it("lets only the service assume the role, guarded by the given conditions", () => {
    expect(serviceTrustPolicy("monitoring.rds.amazonaws.com", { sid: "AssumedByService", conditions: sourceAccountCondition(ACCOUNT) })).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "AssumedByService",
          Effect: "Allow",
          Principal: { Service: "monitoring.rds.amazonaws.com" },
          Action: "sts:AssumeRole",
          Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } },
        },
      ],
    });
  });

  it("has no Condition key at all when no conditions are given", () => {
    expect(JSON.stringify(serviceTrustPolicy("backup.amazonaws.com", { sid: "AssumedByService" }))).toBe(
      '{"Version":"2012-10-17","Statement":[{"Sid":"AssumedByService","Effect":"Allow","Principal":{"Service":"backup.amazonaws.com"},"Action":"sts:AssumeRole"}]}',
    );
  });

  it("keeps a given action list as a list", () => {
    expect(
      JSON.stringify(serviceTrustPolicy("ecs-tasks.amazonaws.com", { sid: "EcsTasksOfThisAccount", action: ["sts:AssumeRole"], conditions: sourceAccountCondition(ACCOUNT) })),
    ).toBe(
      '{"Version":"2012-10-17","Statement":[{"Sid":"EcsTasksOfThisAccount","Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":["sts:AssumeRole"],"Condition":{"StringEquals":{"aws:SourceAccount":"123456789012"}}}]}',
    );
  });
});

describe("tlsOnlyStatement", () => {
  it("denies non-TLS requests to everyone on the bucket and its objects", () => {
    expect(tlsOnlyStatement("arn:aws:s3:::raw-data-123456789012-dev")).toEqual({
      Sid: "DenyInsecureTransport",
      Effect: "Deny",
      Principal: "*",
      Action: "s3:*",
      Resource: ["arn:aws:s3:::raw-data-123456789012-dev", "arn:aws:s3:::raw-data-123456789012-dev/*"],
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    });
  });
});
