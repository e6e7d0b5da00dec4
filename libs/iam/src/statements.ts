import { Condition, PolicyDocument, Statement, policyDocument } from "./policy-document";

/**
 * The confused-deputy guard for a service principal: only requests made on behalf of this
 * account and, when given, only for these source resources (ARN patterns allowed).
 */
export function sourceAccountCondition(accountId: string, sourceArn?: string | string[]): Condition {
  return {
    StringEquals: { "aws:SourceAccount": accountId },
    ...(sourceArn === undefined ? {} : { ArnLike: { "aws:SourceArn": sourceArn } }),
  };
}

export interface ServiceTrustOptions {
  readonly sid: string;
  /** Usually `sourceAccountCondition(...)`; omit only for services that send no aws:SourceAccount. */
  readonly conditions?: Condition;
  /** Defaults to "sts:AssumeRole"; a list where an existing role's policy already has one (same JSON, no diff). */
  readonly action?: string | string[];
}

/** A role trust policy: only `service` (e.g. "ecs-tasks.amazonaws.com") may assume the role. */
export function serviceTrustPolicy(service: string, options: ServiceTrustOptions): PolicyDocument {
  return policyDocument({
    Sid: options.sid,
    Effect: "Allow",
    Principal: { Service: service },
    Action: options.action ?? "sts:AssumeRole",
    ...(options.conditions ? { Condition: options.conditions } : {}),
  });
}

/**
 * Deny every request that is not over TLS, on the bucket and its objects (the shape cdk-nag S10
 * and Security Hub S3.5 recognise: Resource lists both ARNs).
 */
export function tlsOnlyStatement(bucketArn: string): Statement {
  return {
    Sid: "DenyInsecureTransport",
    Effect: "Deny",
    Principal: "*",
    Action: "s3:*",
    Resource: [bucketArn, `${bucketArn}/*`],
    Condition: { Bool: { "aws:SecureTransport": "false" } },
  };
}
