/** The data layer's own IAM and bucket policies, as plain data so tests can compare them exactly. */
import { PolicyDocument, Statement, policyDocument, sourceAccountCondition } from "@fin/iam";

/**
 * S3 server access log delivery into a bucket with ACLs disabled: the logging service principal,
 * only for this account's source buckets (S3 user guide, "Permissions for log delivery").
 */
export function accessLogDeliveryStatement(logBucketArn: string, accountId: string, sourceBucketArns: string[]): Statement {
  return {
    Sid: "AllowServerAccessLogDelivery",
    Effect: "Allow",
    Principal: { Service: "logging.s3.amazonaws.com" },
    Action: "s3:PutObject",
    Resource: `${logBucketArn}/*`,
    Condition: sourceAccountCondition(accountId, sourceBucketArns),
  };
}

/**
 * The part of AmazonRDSEnhancedMonitoringRole that enhanced monitoring uses, as a customer-managed
 * policy: RDS writes OS metrics to the account-wide RDSOSMetrics log group of this region only.
 */
export function enhancedMonitoringPolicy(region: string, accountId: string): PolicyDocument {
  const group = `arn:aws:logs:${region}:${accountId}:log-group:RDSOSMetrics`;
  return policyDocument(
    {
      Sid: "ManageRdsOsMetricsLogGroup",
      Effect: "Allow",
      Action: ["logs:CreateLogGroup", "logs:PutRetentionPolicy"],
      Resource: group,
    },
    {
      Sid: "WriteRdsOsMetricsLogStreams",
      Effect: "Allow",
      Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams", "logs:GetLogEvents"],
      Resource: `${group}:log-stream:*`,
    },
  );
}

export interface BackupPolicyTargets {
  readonly region: string;
  readonly accountId: string;
  readonly clusterArn: string;
  /** The key the cluster (and so its snapshots) is encrypted with. */
  readonly databaseKeyArn: string;
}

/**
 * What AWS Backup needs to back up one Aurora cluster (the RDS part of
 * AWSBackupServiceRolePolicyForBackup), scoped to that cluster, the snapshots Backup names
 * `awsbackup:*`, and the cluster's key. Restores are an operator action with their own role.
 */
export function auroraBackupPolicy(t: BackupPolicyTargets): PolicyDocument {
  return policyDocument(
    {
      Sid: "SnapshotTheCluster",
      Effect: "Allow",
      Action: ["rds:DescribeDBClusters", "rds:CreateDBClusterSnapshot", "rds:ListTagsForResource", "rds:AddTagsToResource"],
      Resource: t.clusterArn,
    },
    {
      Sid: "ManageBackupSnapshots",
      Effect: "Allow",
      Action: [
        "rds:DescribeDBClusterSnapshots",
        "rds:CopyDBClusterSnapshot",
        "rds:DeleteDBClusterSnapshot",
        "rds:ModifyDBClusterSnapshotAttribute",
        "rds:ListTagsForResource",
        "rds:AddTagsToResource",
      ],
      Resource: `arn:aws:rds:${t.region}:${t.accountId}:cluster-snapshot:awsbackup:*`,
    },
    {
      Sid: "DescribeTheClusterKey",
      Effect: "Allow",
      Action: "kms:DescribeKey",
      Resource: t.databaseKeyArn,
    },
    {
      // Snapshot copies use the cluster key through grants RDS creates on Backup's behalf.
      Sid: "GrantTheClusterKeyToRds",
      Effect: "Allow",
      Action: "kms:CreateGrant",
      Resource: t.databaseKeyArn,
      Condition: { Bool: { "kms:GrantIsForAWSResource": "true" } },
    },
  );
}
