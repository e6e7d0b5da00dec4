import * as aws from "@pulumi/aws";
import { ResourceValidationPolicy, validateResourceOfType } from "@pulumi/policy";
import { fromJson, list } from "../../lib/values";

interface RawStatement {
  Effect?: string;
  Principal?: unknown;
  Action?: string | string[];
  Resource?: string | string[];
  Condition?: { Bool?: Record<string, unknown> };
}

function anyone(principal: unknown): boolean {
  return principal === "*" || (typeof principal === "object" && principal !== null && (principal as { AWS?: unknown }).AWS === "*");
}

/** Deny s3:* to anyone on the bucket and its objects when aws:SecureTransport is false (the form cdk-nag S10 recognises). */
export function deniesInsecureTransport(statement: RawStatement): boolean {
  const resources = list(statement.Resource);
  return (
    statement.Effect === "Deny" &&
    anyone(statement.Principal) &&
    list(statement.Action).some((a) => a === "s3:*" || a === "*") &&
    resources.some((r) => !r.endsWith("/*")) &&
    resources.some((r) => r.endsWith("/*")) &&
    String(statement.Condition?.Bool?.["aws:SecureTransport"]) === "false"
  );
}

/** Bucket policies deny every request not made over TLS, on the bucket and its objects (S10, S3BucketSSLRequestsOnly, S3.5). */
export const BucketPolicyRequiresTls: ResourceValidationPolicy = {
  name: "bucket-policy-requires-tls",
  description: "S3 bucket policies deny s3:* on the bucket and its objects when aws:SecureTransport is false.",
  enforcementLevel: "mandatory",
  validateResource: validateResourceOfType(aws.s3.BucketPolicy, (policy, _args, report) => {
    const document = fromJson(policy.policy) as { Statement?: RawStatement | RawStatement[] } | undefined;
    if (!list(document?.Statement).some(deniesInsecureTransport)) {
      report('No statement denies s3:* to Principal "*" on [bucketArn, bucketArn/*] when aws:SecureTransport is "false".');
    }
  }),
};
