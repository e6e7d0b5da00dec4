import { ResourceValidationPolicy } from "@pulumi/policy";
import { statements } from "../../lib/iam";
import { identityPolicyValidations } from "../../lib/iam-documents";

/**
 * Actions that cannot be scoped to a resource ARN, so `Resource: "*"` is unavoidable for them
 * (Service Authorization Reference: no resource types listed). Each entry says why.
 */
export const RESOURCE_WILDCARD_ACTIONS: Readonly<Record<string, string>> = {
  "ecr:GetAuthorizationToken": "the registry token is account-wide; the action has no resource type",
  "cloudwatch:PutMetricData": "metrics have no ARN; scope it with the cloudwatch:namespace condition",
  "xray:PutTraceSegments": "X-Ray segments have no ARN",
  "xray:PutTelemetryRecords": "X-Ray telemetry has no ARN",
  "ssmmessages:CreateControlChannel": "ECS Exec channels have no ARN",
  "ssmmessages:CreateDataChannel": "ECS Exec channels have no ARN",
  "ssmmessages:OpenControlChannel": "ECS Exec channels have no ARN",
  "ssmmessages:OpenDataChannel": "ECS Exec channels have no ARN",
  "sts:GetCallerIdentity": "identity lookup has no resource",
};

/** Describe and List calls read metadata; most of them accept no resource ARN at all. */
const METADATA_READ = /^[a-z0-9-]+:(Describe|List)[A-Za-z0-9*]*$/;

export function wildcardResourceAllowed(action: string): boolean {
  return action in RESOURCE_WILDCARD_ACTIONS || METADATA_READ.test(action);
}

/**
 * IAM policies grant `Resource: "*"` only for actions that cannot be scoped
 * (AwsSolutions-IAM5 with evidence, CKV_AWS_355, KMS.1/KMS.2). Everything else names exact ARNs.
 */
export const PolicyWildcardResourcesJustified: ResourceValidationPolicy = {
  name: "policy-wildcard-resources-justified",
  description: "IAM policies use Resource '*' only for actions that support no resource-level permissions.",
  enforcementLevel: "mandatory",
  validateResource: identityPolicyValidations((document, where, report) => {
    for (const s of statements(document).filter((st) => st.effect === "Allow")) {
      if (s.notResources.length > 0) {
        report(`${where}Statement ${s.sid} uses Allow with NotResource; name the resources instead.`);
      }
      if (s.resources.includes("*")) {
        const scopable = s.actions.filter((a) => !wildcardResourceAllowed(a));
        if (scopable.length > 0) {
          report(`${where}Statement ${s.sid} grants ${scopable.join(", ")} on Resource "*"; scope them to exact ARNs.`);
        }
      }
    }
  }),
};
