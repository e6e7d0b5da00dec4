import { ContractKeys, LAYER_PROJECTS, LayerReference, ReferenceTarget, readLayer } from "./layer-reference";

/** Everything other layers may know about stacks/security. Renaming a key is a breaking change. */
export interface SecurityOutputs {
  /** Aurora storage, its automated backups and snapshots, Performance Insights and the master secret. */
  databaseKeyArn: string;
  databaseKeyId: string;
  databaseKeyAlias: string;
  /** Every CloudWatch log group (flow logs, RDS export, ECS). */
  logsKeyArn: string;
  logsKeyId: string;
  logsKeyAlias: string;
  /** S3 data buckets, Kinesis and ECR. */
  storageKeyArn: string;
  storageKeyId: string;
  storageKeyAlias: string;
  /** The AWS Backup vault. */
  backupKeyArn: string;
  backupKeyId: string;
  backupKeyAlias: string;
}

export const SECURITY_OUTPUT_KEYS: ContractKeys<SecurityOutputs> = {
  databaseKeyArn: true,
  databaseKeyId: true,
  databaseKeyAlias: true,
  logsKeyArn: true,
  logsKeyId: true,
  logsKeyAlias: true,
  storageKeyArn: true,
  storageKeyId: true,
  storageKeyAlias: true,
  backupKeyArn: true,
  backupKeyId: true,
  backupKeyAlias: true,
};

export function readSecurity(target: ReferenceTarget): LayerReference<SecurityOutputs> {
  return readLayer<SecurityOutputs>(LAYER_PROJECTS.security, SECURITY_OUTPUT_KEYS, target);
}
