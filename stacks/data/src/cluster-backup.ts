import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { serviceTrustPolicy } from "@fin/iam";
import { physicalName } from "@fin/naming";
import { auroraBackupPolicy } from "./policy-documents";

/** Daily at 05:00 UTC, after the cluster's 03:00-04:00 automated backup window. */
export const BACKUP_SCHEDULE = { cron: "cron(0 5 ? * * *)", startWindowMinutes: 60, completionWindowMinutes: 180 } as const;

export interface ClusterBackupArgs {
  readonly environmentSuffix: string;
  readonly region: string;
  readonly retentionDays: number;
  readonly clusterArn: pulumi.Input<string>;
  readonly databaseKeyArn: pulumi.Input<string>;
  /** The vault key. Aurora recovery points keep the cluster key (AWS Backup encryption docs). */
  readonly backupKeyArn: pulumi.Input<string>;
}

/**
 * AWS Backup for the Aurora cluster: a CMK vault, a daily plan kept 35 days, and a role allowed
 * only to snapshot this cluster. The buckets are left out on purpose (ADR 0004): versioning keeps
 * their history, and S3 backup would need broad S3 and KMS rights on the data.
 */
export class ClusterBackup extends pulumi.ComponentResource {
  readonly vault: aws.backup.Vault;
  readonly plan: aws.backup.Plan;
  readonly role: aws.iam.Role;
  readonly selection: aws.backup.Selection;

  constructor(name: string, args: ClusterBackupArgs, opts?: pulumi.ComponentResourceOptions) {
    super("fin:data:ClusterBackup", name, {}, opts);
    const parent = { parent: this };
    const suffix = args.environmentSuffix;
    const accountId = aws.getCallerIdentityOutput({}, parent).accountId;

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

    this.role = new aws.iam.Role(
      name,
      {
        name: physicalName("iamRole", "aurora-backup", suffix),
        description: "AWS Backup jobs of the analytics cluster",
        assumeRolePolicy: JSON.stringify(serviceTrustPolicy("backup.amazonaws.com", { sid: "AssumedByService" })),
      },
      parent,
    );
    const policy = new aws.iam.Policy(
      name,
      {
        name: physicalName("iamPolicy", "aurora-backup", suffix),
        description: "Customer-managed: what AWS Backup needs to snapshot the analytics cluster",
        policy: pulumi
          .all([accountId, args.clusterArn, args.databaseKeyArn])
          .apply(([id, clusterArn, databaseKeyArn]) => JSON.stringify(auroraBackupPolicy({ region: args.region, accountId: id, clusterArn, databaseKeyArn }))),
      },
      parent,
    );
    const attachment = new aws.iam.RolePolicyAttachment(name, { role: this.role.name, policyArn: policy.arn }, parent);

    this.selection = new aws.backup.Selection(
      name,
      { name: physicalName("backupSelection", "aurora-cluster", suffix), planId: this.plan.id, iamRoleArn: this.role.arn, resources: [args.clusterArn] },
      // The first job must find the role with its permissions.
      { parent: this, dependsOn: [attachment] },
    );
    this.registerOutputs({ vaultArn: this.vault.arn, planArn: this.plan.arn });
  }
}
