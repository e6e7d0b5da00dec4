import { ResourceValidationPolicy } from "@pulumi/policy";
import { isWildcardAction, statements } from "../../lib/iam";
import { identityPolicyValidations } from "../../lib/iam-documents";

/**
 * IAM policies allow named actions only: no `*`, no `service:*`, no Allow with NotAction
 * (IAMPolicyNoStatementsWithAdminAccess/FullAccess, IAM.1, IAM.21, CKV_AWS_62/63, AVD-AWS-0345).
 */
export const PolicyNoWildcardActions: ResourceValidationPolicy = {
  name: "policy-no-wildcard-actions",
  description: "IAM policies allow only named actions, never '*', 'service:*' or NotAction.",
  enforcementLevel: "mandatory",
  validateResource: identityPolicyValidations((document, where, report) => {
    for (const s of statements(document).filter((st) => st.effect === "Allow")) {
      const wildcards = s.actions.filter(isWildcardAction);
      if (wildcards.length > 0) {
        report(`${where}Statement ${s.sid} allows ${wildcards.join(", ")}; list the actions the role needs.`);
      }
      if (s.notActions.length > 0) {
        report(`${where}Statement ${s.sid} uses Allow with NotAction; list the allowed actions instead.`);
      }
    }
  }),
};
