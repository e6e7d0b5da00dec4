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
 * What enhanced monitoring needs, as a customer-managed copy of AmazonRDSEnhancedMonitoringRole
 * narrowed to the RDSOSMetrics group of this region
 * (https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AmazonRDSEnhancedMonitoringRole.html,
 * which grants the group actions on `log-group:RDS*`). CloudWatch Logs authorizes CreateLogGroup
 * against `...:log-group:<name>:log-stream:`, which the bare group ARN does not match, so the group
 * actions name both forms (hashicorp/terraform-provider-aws#22957); without that RDS can never create
 * the group in a fresh account and OS metrics are silently dropped (first-contact review #5).
 */
export function enhancedMonitoringPolicy(partition: string, region: string, accountId: string): PolicyDocument {
  const group = `arn:${partition}:logs:${region}:${accountId}:log-group:RDSOSMetrics`;
  return policyDocument(
    {
      Sid: "ManageRdsOsMetricsLogGroup",
      Effect: "Allow",
      Action: ["logs:CreateLogGroup", "logs:PutRetentionPolicy"],
      Resource: [group, `${group}:*`],
    },
    {
      Sid: "WriteRdsOsMetricsLogStreams",
      Effect: "Allow",
      Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams", "logs:GetLogEvents"],
      Resource: `${group}:log-stream:*`,
    },
  );
}

/**
 * Uploads to a bucket whose default encryption is SSE-KMS with `keyArn` may only ask for that: a
 * PutObject (also CopyObject and CreateMultipartUpload, which S3 authorizes as s3:PutObject) that
 * sends no encryption headers gets the bucket default and is fine. Each Deny fires only when a header
 * is present (`Null: false`) and wrong; the operators of one statement are ANDed, and a
 * StringNotEquals on an absent key would be true, which is why the Null guards are there (S3 user
 * guide, "Requiring SSE-KMS for all objects written to a bucket",
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html#require-sse-kms).
 *  - another algorithm: AES256, and DSSE-KMS (`aws:kms:dsse`), which S3 Bucket Keys do not support,
 *    so every object would cost KMS calls the bucket key saves (ADR 0010);
 *  - another KMS key, or the key by id or alias instead of its ARN (the condition compares the header);
 *  - `aws:kms` without a key id, for which S3 uses the AWS managed key aws/s3, not the bucket default
 *    (PutObject API, x-amz-server-side-encryption-aws-kms-key-id);
 *  - customer-provided keys (SSE-C), which send none of the headers above.
 */
export function sseKmsOnlyStatements(bucketArn: string, keyArn: string): Statement[] {
  const deny = (Sid: string, Condition: Statement["Condition"]): Statement => ({
    Sid,
    Effect: "Deny",
    Principal: "*",
    Action: "s3:PutObject",
    Resource: `${bucketArn}/*`,
    Condition,
  });
  const algorithm = "s3:x-amz-server-side-encryption";
  const keyId = "s3:x-amz-server-side-encryption-aws-kms-key-id";
  return [
    deny("DenyOtherEncryptionAlgorithms", { Null: { [algorithm]: "false" }, StringNotEquals: { [algorithm]: "aws:kms" } }),
    deny("DenyOtherKmsKeys", { Null: { [keyId]: "false" }, StringNotEquals: { [keyId]: keyArn } }),
    deny("DenyKmsWithoutTheStorageKey", { Null: { [algorithm]: "false", [keyId]: "true" } }),
    deny("DenyCustomerProvidedKeys", { Null: { "s3:x-amz-server-side-encryption-customer-algorithm": "false" } }),
  ];
}
