/**
 * The numbers the platform requirements fix, in one place. Stacks build with them, the policy
 * pack enforces them and the integration checks verify them; none of them is configurable.
 */
export const REQUIREMENTS = {
  /** CloudWatch log groups retain exactly 30 days ("retention period of exactly 30 days"). */
  logRetentionDays: 30,
  /** Aurora automated backups retain exactly 35 days (also the AWS Backup rule's retention). */
  backupRetentionDays: 35,
  /** S3 objects (current and noncurrent versions) move to Glacier after 90 days. */
  glacierTransitionDays: 90,
  /** Fargate task floor: 2 vCPU and 4 GB. */
  minTaskCpuUnits: 2048,
  minTaskMemoryMiB: 4096,
  /** The VPC spans exactly 3 availability zones. */
  availabilityZoneCount: 3,
  /** KMS keys can be deleted after the shortest window AWS allows, so environments tear down. */
  kmsDeletionWindowDays: 7,
  /** The region the requirements name. */
  region: "us-east-2",
} as const;
