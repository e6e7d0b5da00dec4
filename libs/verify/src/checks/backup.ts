import { DescribeBackupVaultCommand, GetBackupPlanCommand, ListRecoveryPointsByResourceCommand } from "@aws-sdk/client-backup";
import { DescribeDBClustersCommand } from "@aws-sdk/client-rds";
import { REQUIREMENTS } from "@fin/config";
import type { DataOutputs } from "@fin/contracts";
import type { Check } from "../check";
import { KeyRef, isKey } from "../kms-key";

/** Every rule of the plan writes to our vault and keeps recovery points the required days. */
export function backupPlanCheck(data: DataOutputs): Check {
  return {
    id: "backup.plan-retention",
    title: `AWS Backup plan keeps recovery points ${REQUIREMENTS.backupRetentionDays} days in the platform vault`,
    resource: data.backupPlanId,
    async run(aws) {
      const { BackupPlan } = await aws.backup.send(new GetBackupPlanCommand({ BackupPlanId: data.backupPlanId }));
      const rules = (BackupPlan?.Rules ?? []).map((r) => ({ rule: r.RuleName, deleteAfterDays: r.Lifecycle?.DeleteAfterDays ?? null, vault: r.TargetBackupVaultName }));
      return {
        pass: rules.length > 0 && rules.every((r) => r.deleteAfterDays === REQUIREMENTS.backupRetentionDays && r.vault === data.backupVaultName),
        expected: { deleteAfterDays: REQUIREMENTS.backupRetentionDays, vault: data.backupVaultName },
        observed: rules,
      };
    },
  };
}

export function backupVaultCheck(data: DataOutputs, backupKey: KeyRef): Check {
  return {
    id: "backup.vault-encryption",
    title: "AWS Backup vault is encrypted with the backup key",
    resource: data.backupVaultName,
    async run(aws) {
      const { EncryptionKeyArn } = await aws.backup.send(new DescribeBackupVaultCommand({ BackupVaultName: data.backupVaultName }));
      return { pass: isKey(EncryptionKeyArn, backupKey), expected: backupKey.arn, observed: EncryptionKeyArn ?? null };
    },
  };
}

/** A recovery point younger than this proves the daily plan ran (a day plus the plan's start/completion windows). */
export const MAX_RECOVERY_POINT_AGE_HOURS = 26;
/** Before the environment (its cluster) is this old, no recovery point is expected yet. */
export const FIRST_BACKUP_GRACE_HOURS = 24;
const HOUR_MS = 3_600_000;

/**
 * AWS Backup made a COMPLETED recovery point of the cluster in the last 26 hours
 * (https://docs.aws.amazon.com/aws-backup/latest/devguide/API_ListRecoveryPointsByResource.html;
 * Status: COMPLETED or AVAILABLE counts; CREATING, PARTIAL, EXPIRED, STOPPED, DELETING do not). A cluster younger than a day
 * (ClusterCreateTime, DescribeDBClusters) is "pending": its first daily run may not have come yet.
 */
export function recoveryPointCheck(data: DataOutputs, now: () => number): Check {
  return {
    id: "backup.recent-recovery-point",
    title: `AWS Backup has a completed recovery point of the cluster younger than ${MAX_RECOVERY_POINT_AGE_HOURS} hours`,
    resource: data.clusterArn,
    async run(aws) {
      const { RecoveryPoints = [] } = await aws.backup.send(new ListRecoveryPointsByResourceCommand({ ResourceArn: data.clusterArn }));
      const completed = RecoveryPoints.filter((p) => p.Status === "COMPLETED" || p.Status === "AVAILABLE")
        .map((p) => p.CreationDate?.getTime() ?? 0)
        .sort((a, b) => b - a);
      const ageHours = (t: number) => Math.round(((now() - t) / HOUR_MS) * 10) / 10;
      const newest = completed[0];
      const observed = { completedRecoveryPoints: completed.length, newestAgeHours: newest === undefined ? null : ageHours(newest) };
      const expected = { newestAgeHours: `< ${MAX_RECOVERY_POINT_AGE_HOURS}` };
      if (newest !== undefined && now() - newest < MAX_RECOVERY_POINT_AGE_HOURS * HOUR_MS) {
        return { pass: true, expected, observed };
      }
      const { DBClusters = [] } = await aws.rds.send(new DescribeDBClustersCommand({ DBClusterIdentifier: data.clusterIdentifier }));
      const created = DBClusters[0]?.ClusterCreateTime?.getTime();
      if (created !== undefined && now() - created < FIRST_BACKUP_GRACE_HOURS * HOUR_MS) {
        return { pass: false, verdict: "pending", reason: `the cluster is ${ageHours(created)} hours old; the first daily recovery point is due within ${FIRST_BACKUP_GRACE_HOURS} hours`, expected, observed };
      }
      return { pass: false, expected, observed: { ...observed, clusterAgeHours: created === undefined ? null : ageHours(created) } };
    },
  };
}
