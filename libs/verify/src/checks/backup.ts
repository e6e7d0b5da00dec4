import { DescribeBackupVaultCommand, GetBackupPlanCommand } from "@aws-sdk/client-backup";
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
