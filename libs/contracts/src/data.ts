import { ContractKeys, LAYER_PROJECTS, LayerReference, ReferenceTarget, readLayer } from "./layer-reference";

/** Everything other layers may know about stacks/data. Renaming a key is a breaking change. */
export interface DataOutputs {
  clusterArn: string;
  clusterIdentifier: string;
  /** The `cluster-XXXX` resource id that `rds-db:connect` ARNs are built from. */
  clusterResourceId: string;
  clusterEndpoint: string;
  readerEndpoint: string;
  databasePort: number;
  databaseName: string;
  masterUsername: string;
  /** The RDS-managed, automatically rotated master user secret. */
  masterSecretArn: string;
  databaseLogGroupName: string;
  rawBucketName: string;
  rawBucketArn: string;
  processedBucketName: string;
  processedBucketArn: string;
  accessLogBucketName: string;
  streamName: string;
  streamArn: string;
  backupVaultName: string;
  backupVaultArn: string;
  backupPlanId: string;
  backupPlanArn: string;
}

export const DATA_OUTPUT_KEYS: ContractKeys<DataOutputs> = {
  clusterArn: true,
  clusterIdentifier: true,
  clusterResourceId: true,
  clusterEndpoint: true,
  readerEndpoint: true,
  databasePort: true,
  databaseName: true,
  masterUsername: true,
  masterSecretArn: true,
  databaseLogGroupName: true,
  rawBucketName: true,
  rawBucketArn: true,
  processedBucketName: true,
  processedBucketArn: true,
  accessLogBucketName: true,
  streamName: true,
  streamArn: true,
  backupVaultName: true,
  backupVaultArn: true,
  backupPlanId: true,
  backupPlanArn: true,
};

export function readData(target: ReferenceTarget): LayerReference<DataOutputs> {
  return readLayer<DataOutputs>(LAYER_PROJECTS.data, DATA_OUTPUT_KEYS, target);
}
