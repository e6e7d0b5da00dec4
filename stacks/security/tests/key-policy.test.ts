import { policyDocument } from "@fin/iam";
import { accountRootStatement, cloudWatchLogsStatement } from "../src/key-policy";

const ctx = { partition: "aws", accountId: "123456789012", region: "us-east-2" };

describe("key policy statements", () => {
  it("keeps the account root in control so the key passes the lockout safety check", () => {
    expect(accountRootStatement(ctx)).toEqual({
      Sid: "EnableAccountAdministrationAndIamPolicies",
      Effect: "Allow",
      Principal: { AWS: "arn:aws:iam::123456789012:root" },
      Action: "kms:*",
      Resource: "*",
    });
  });

  it("admits the regional CloudWatch Logs principal only for this account's log groups", () => {
    expect(cloudWatchLogsStatement(ctx)).toEqual({
      Sid: "AllowCloudWatchLogsOfThisAccount",
      Effect: "Allow",
      Principal: { Service: "logs.us-east-2.amazonaws.com" },
      Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
      Resource: "*",
      Condition: { ArnLike: { "kms:EncryptionContext:aws:logs:arn": "arn:aws:logs:us-east-2:123456789012:log-group:*" } },
    });
  });

  it("wraps statements in a versioned document", () => {
    expect(policyDocument(accountRootStatement(ctx))).toEqual({ Version: "2012-10-17", Statement: [accountRootStatement(ctx)] });
  });
});
