import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { REQUIREMENTS } from "@fin/config";
import { Statement, policyDocument } from "@fin/iam";
import { physicalName } from "@fin/naming";
import { KeyPolicyContext, accountRootStatement, cloudWatchLogsStatement } from "./key-policy";

/** One key per purpose, so revoking or auditing one data path never touches another. */
export const KEY_PURPOSES = {
  database: "Aurora storage, automated backups and snapshots, Performance Insights and the managed master secret",
  logs: "CloudWatch Logs: VPC flow logs, the RDS postgresql export and ECS container logs",
  storage: "S3 data lake buckets, the Kinesis stream and the ECR repository",
  backup: "The AWS Backup vault",
} as const;

export type KeyPurpose = keyof typeof KEY_PURPOSES;

/** Which services beyond the account's own IAM principals a key's policy admits. */
const SERVICE_STATEMENTS: Record<KeyPurpose, Array<(ctx: KeyPolicyContext) => Statement>> = {
  // RDS, Secrets Manager, S3, Kinesis, ECR and AWS Backup use a key through grants created with the
  // caller's IAM permissions, which the root statement enables. CloudWatch Logs is the one service
  // that uses the key as its own principal.
  database: [],
  logs: [cloudWatchLogsStatement],
  storage: [],
  backup: [],
};

export interface PlatformKeysArgs {
  readonly environmentSuffix: string;
  readonly region: string;
}

export interface EncryptionKey {
  readonly key: aws.kms.Key;
  readonly alias: aws.kms.Alias;
}

/** The platform's customer-managed KMS keys: rotation on, 7-day deletion window, aliased with the suffix. */
export class PlatformKeys extends pulumi.ComponentResource {
  readonly keys: Record<KeyPurpose, EncryptionKey>;

  constructor(name: string, args: PlatformKeysArgs, opts?: pulumi.ComponentResourceOptions) {
    super("fin:security:PlatformKeys", name, {}, opts);

    const identity = aws.getCallerIdentityOutput({}, { parent: this });
    const partition = aws.getPartitionOutput({}, { parent: this });
    const ctx = pulumi
      .all([partition.partition, identity.accountId])
      .apply(([p, accountId]): KeyPolicyContext => ({ partition: p, accountId, region: args.region }));

    const build = (purpose: KeyPurpose): EncryptionKey => {
      const aliasName = physicalName("kmsAlias", `${purpose}-key`, args.environmentSuffix);
      const key = new aws.kms.Key(
        `${name}-${purpose}`,
        {
          description: `${aliasName.slice("alias/".length)}: ${KEY_PURPOSES[purpose]}`,
          keyUsage: "ENCRYPT_DECRYPT",
          customerMasterKeySpec: "SYMMETRIC_DEFAULT",
          enableKeyRotation: true,
          deletionWindowInDays: REQUIREMENTS.kmsDeletionWindowDays,
          // The policy sits on the key itself, so it exists before any log group asks for the key.
          policy: ctx.apply((c) => JSON.stringify(policyDocument(accountRootStatement(c), ...SERVICE_STATEMENTS[purpose].map((s) => s(c))))),
          tags: { Name: aliasName.slice("alias/".length), purpose },
        },
        { parent: this },
      );
      const alias = new aws.kms.Alias(`${name}-${purpose}`, { name: aliasName, targetKeyId: key.keyId }, { parent: this });
      return { key, alias };
    };

    this.keys = {
      database: build("database"),
      logs: build("logs"),
      storage: build("storage"),
      backup: build("backup"),
    };
    this.registerOutputs({});
  }
}
