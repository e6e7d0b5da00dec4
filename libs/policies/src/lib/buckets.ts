import * as aws from "@pulumi/aws";
import { PolicyResource } from "@pulumi/policy";
import { list } from "./values";

/** The values a companion resource's `bucket` input may hold for this bucket: its name or id. */
export function bucketKeys(bucket: PolicyResource): string[] {
  return [bucket.props.bucket, bucket.props.id].filter((v): v is string => typeof v === "string" && v !== "");
}

/**
 * Buckets AWS services deliver logs into: S3 server access log targets and ALB access log buckets.
 * Those deliveries support SSE-S3 only, which is the exemption bucket-encrypted-with-customer-key makes.
 */
export function logDestinationNames(resources: readonly PolicyResource[]): Set<string> {
  const names = new Set<string>();
  for (const r of resources) {
    if (r.isType(aws.s3.BucketLogging)) {
      names.add(String(r.props.targetBucket));
    } else if (r.isType(aws.lb.LoadBalancer)) {
      const logs = list(r.props.accessLogs)[0];
      if (logs?.enabled !== false && logs?.bucket) {
        names.add(logs.bucket);
      }
    }
  }
  return names;
}
