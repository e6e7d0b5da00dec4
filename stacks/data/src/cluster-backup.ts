import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { serviceTrustPolicy } from "@fin/iam";
import { physicalName } from "@fin/naming";

/** Daily at 05:00 UTC, after the cluster's 03:00-04:00 automated backup window. */
export const BACKUP_SCHEDULE = { cron: "cron(0 5 ? * * *)", startWindowMinutes: 60, completionWindowMinutes: 180 } as const;

/**
 * The AWS-managed policies the Backup role carries (ADR 0010): backup jobs and restore jobs of the
 * cluster. AWS maintains their action lists, which a customer-managed copy got wrong once
 * (CreateDBClusterSnapshot is authorized against the cluster AND the new cluster-snapshot,
 * Service Authorization Reference for Amazon RDS). Pages:
 * https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSBackupServiceRolePolicyForBackup.html
 * https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSBackupServiceRolePolicyForRestores.html
 */
export const BACKUP_MANAGED_POLICIES = {
  backup: "service-role/AWSBackupServiceRolePolicyForBackup",
  restore: "service-role/AWSBackupServiceRolePolicyForRestores",
} as const;

/** `arn:<partition>:iam::aws:policy/<path/name>`: AWS-managed policies live in the "aws" account of each partition. */
export const awsManagedPolicyArn = (partition: string, name: string): string => `arn:${partition}:iam::aws:policy/${name}`;

export interface ClusterBackupArgs {
  readonly environmentSuffix: string;
  readonly retentionDays: number;
  readonly clusterArn: pulumi.Input<string>;
  /** The vault key. Aurora recovery points keep the cluster key (AWS Backup encryption docs). */
  readonly backupKeyArn: pulumi.Input<string>;
}

/**
 * AWS Backup for the Aurora cluster: a CMK vault, a daily plan kept 35 days, and a role AWS Backup
 * assumes for the cluster's backup and restore jobs. The buckets are left out on purpose (ADR 0004):
 * versioning keeps their history, and S3 backup would need broad S3 and KMS rights on the data.
 */
export class ClusterBackup extends pulumi.ComponentResource {
  readonly vault: aws.backup.Vault;
  readonly plan: aws.backup.Plan;
  readonly role: aws.iam.Role;
  readonly backupPolicy: aws.iam.RolePolicyAttachment;
  readonly restorePolicy: aws.iam.RolePolicyAttachment;
  readonly selection: aws.backup.Selection;

  constructor(name: string, args: ClusterBackupArgs, opts?: pulumi.ComponentResourceOptions) {
    super("fin:data:ClusterBackup", name, {}, opts);
    const parent = { parent: this };
    const suffix = args.environmentSuffix;
    const partition = aws.getPartitionOutput({}, parent).partition;

    this.vault = new aws.backup.Vault(
      name,
      // forceDestroy: recovery points would otherwise block tearing an environment down.
      { name: physicalName("backupVault", "aurora-backups", suffix), kmsKeyArn: args.backupKeyArn, forceDestroy: true },
      parent,
    );
    this.plan = new aws.backup.Plan(
      name,
      {
        name: physicalName("backupPlan", "aurora-daily", suffix),
        rules: [
          {
            ruleName: `daily-${args.retentionDays}-days`,
            targetVaultName: this.vault.name,
            schedule: BACKUP_SCHEDULE.cron,
            startWindow: BACKUP_SCHEDULE.startWindowMinutes,
            completionWindow: BACKUP_SCHEDULE.completionWindowMinutes,
            lifecycle: { deleteAfter: args.retentionDays },
          },
        ],
      },
      parent,
    );

    // No aws:SourceAccount condition: AWS Backup documents confused-deputy conditions for resource
    // policies only (SNS topics, KMS key policies; "Cross-service confused deputy prevention" in the
    // AWS Backup guide), not for the service role's trust, and a condition the service does not
    // send would make every job fail to assume the role. Who may make Backup use this role is
    // controlled by iam:PassRole (AWS Backup guide, "IAM service roles").
    this.role = new aws.iam.Role(
      name,
      {
        name: physicalName("iamRole", "aurora-backup", suffix),
        description: "AWS Backup jobs (backup and restore) of the analytics cluster",
        assumeRolePolicy: JSON.stringify(serviceTrustPolicy("backup.amazonaws.com", { sid: "AssumedByService" })),
      },
      parent,
    );
    const attach = (kind: keyof typeof BACKUP_MANAGED_POLICIES) =>
      new aws.iam.RolePolicyAttachment(
        `${name}-${kind}`,
        { role: this.role.name, policyArn: partition.apply((p) => awsManagedPolicyArn(p, BACKUP_MANAGED_POLICIES[kind])) },
        parent,
      );
    this.backupPolicy = attach("backup");
    this.restorePolicy = attach("restore");

    this.selection = new aws.backup.Selection(
      name,
      { name: physicalName("backupSelection", "aurora-cluster", suffix), planId: this.plan.id, iamRoleArn: this.role.arn, resources: [args.clusterArn] },
      // The first job must find the role with its permissions.
      { parent: this, dependsOn: [this.backupPolicy, this.restorePolicy] },
    );
    this.registerOutputs({ vaultArn: this.vault.arn, planArn: this.plan.arn, roleArn: this.role.arn });
  }
}
