import * as aws from "@pulumi/aws";
import { ReportViolation, ResourceValidation, validateResourceOfType } from "@pulumi/policy";
import { list } from "./values";

/** A check over one IAM policy document; `where` names it in messages ("" or "inlinePolicies[name]: "). */
export type DocumentCheck = (document: unknown, where: string, report: ReportViolation) => void;

/**
 * The validations that run a document check over every IAM identity policy a stack can declare:
 * managed policies, role inline policy resources and inline policies on the role itself.
 */
export function identityPolicyValidations(check: DocumentCheck): ResourceValidation[] {
  return [
    validateResourceOfType(aws.iam.Policy, (policy, _args, report) => check(policy.policy, "", report)),
    validateResourceOfType(aws.iam.RolePolicy, (policy, _args, report) => check(policy.policy, "", report)),
    validateResourceOfType(aws.iam.Role, (role, _args, report) => {
      for (const inline of list(role.inlinePolicies)) {
        check(inline.policy, `inlinePolicies[${inline.name}]: `, report);
      }
    }),
  ];
}
