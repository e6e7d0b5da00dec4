import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { NAME_RULES, fitName } from "@fin/naming";
import { DataBucket } from "./data-bucket";
import { accessLogDeliveryStatement } from "./policy-documents";

/** "-" plus a 12-digit AWS account id. */
const ACCOUNT_PART = 13;

/**
 * `<base>-<suffix>-<accountId>`: S3 names are global across all accounts, and the account id makes
 * them ours. The `<base>-<suffix>` part follows the S3 naming rule shortened by the account part,
 * so any valid suffix still fits 63 characters (shortened with a hash, never at random).
 */
export function bucketName(base: string, environmentSuffix: string, accountId: string): string {
  if (!/^\d{12}$/.test(accountId)) {
    throw new Error(`AWS account id '${accountId}' is invalid: it must be 12 digits`);
  }
  const rule = { ...NAME_RULES.s3Bucket, maxLength: NAME_RULES.s3Bucket.maxLength - ACCOUNT_PART };
  return `${fitName("s3Bucket", rule, base, environmentSuffix)}-${accountId}`;
}

/** Bucket name bases; the issue fixes raw-data and processed-analytics. */
export const BUCKET_BASES = { raw: "raw-data", processed: "processed-analytics", accessLogs: "s3-access-logs" } as const;

export interface DataLakeArgs {
  readonly environmentSuffix: string;
  /** The storage key: SSE-KMS for both data buckets. */
  readonly storageKeyArn: pulumi.Input<string>;
}

/** Raw ingest and processed analytics buckets, plus the SSE-S3 bucket their access logs go to. */
export class DataLake extends pulumi.ComponentResource {
  readonly raw: DataBucket;
  readonly processed: DataBucket;
  readonly accessLogs: DataBucket;

  constructor(name: string, args: DataLakeArgs, opts?: pulumi.ComponentResourceOptions) {
    super("fin:data:DataLake", name, {}, opts);
    const accountId = aws.getCallerIdentityOutput({}, { parent: this }).accountId;
    const nameOf = (base: string) => accountId.apply((id) => bucketName(base, args.environmentSuffix, id));
    const rawName = nameOf(BUCKET_BASES.raw);
    const processedName = nameOf(BUCKET_BASES.processed);

    // The log bucket's policy names its sources by the ARNs their names determine, so it does
    // not wait for (or cycle with) the data buckets.
    this.accessLogs = new DataBucket(
      `${name}-access-logs`,
      {
        bucketName: nameOf(BUCKET_BASES.accessLogs),
        encryption: { kind: "s3" },
        extraStatements: (arn) =>
          pulumi
            .all([accountId, rawName, processedName])
            .apply(([id, raw, processed]) => [accessLogDeliveryStatement(arn, id, [`arn:aws:s3:::${raw}`, `arn:aws:s3:::${processed}`])]),
      },
      { parent: this },
    );
    const dataBucket = (key: "raw" | "processed", bucket: pulumi.Output<string>) =>
      new DataBucket(
        `${name}-${key}`,
        {
          bucketName: bucket,
          encryption: { kind: "kms", keyArn: args.storageKeyArn },
          accessLogs: { targetBucket: this.accessLogs.bucketName, targetPrefix: `${BUCKET_BASES[key]}/` },
        },
        // Log delivery checks the target's policy when logging is configured.
        { parent: this, dependsOn: [this.accessLogs] },
      );
    this.raw = dataBucket("raw", rawName);
    this.processed = dataBucket("processed", processedName);
    this.registerOutputs({ raw: this.raw.bucketName, processed: this.processed.bucketName, accessLogs: this.accessLogs.bucketName });
  }
}
