import type { Statement } from "@fin/iam";

export interface KeyPolicyContext {
  readonly partition: string;
  readonly accountId: string;
  readonly region: string;
}

/**
 * Keeps the account in control of the key, and lets IAM policies grant its use. Without it
 * CreateKey fails the lockout safety check (MalformedPolicyDocumentException).
 */
export function accountRootStatement(ctx: KeyPolicyContext): Statement {
  return {
    Sid: "EnableAccountAdministrationAndIamPolicies",
    Effect: "Allow",
    Principal: { AWS: `arn:${ctx.partition}:iam::${ctx.accountId}:root` },
    Action: "kms:*",
    Resource: "*",
  };
}

/**
 * CloudWatch Logs encrypts with the key itself (AssociateKmsKey), so its regional principal
 * needs the key, limited by encryption context to this account's log groups in this region.
 * The log-group wildcard avoids a dependency cycle between the key and the groups.
 */
export function cloudWatchLogsStatement(ctx: KeyPolicyContext): Statement {
  return {
    Sid: "AllowCloudWatchLogsOfThisAccount",
    Effect: "Allow",
    Principal: { Service: `logs.${ctx.region}.amazonaws.com` },
    Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
    Resource: "*",
    Condition: {
      ArnLike: { "kms:EncryptionContext:aws:logs:arn": `arn:${ctx.partition}:logs:${ctx.region}:${ctx.accountId}:log-group:*` },
    },
  };
}
