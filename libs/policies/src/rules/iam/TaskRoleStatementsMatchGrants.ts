import * as aws from "@pulumi/aws";
import { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { GRANTS, GRANTS_TAG, GRANT_SIDS, Grant, SERVICE_TAG } from "@fin/contracts";
import { Statement, statements } from "../../lib/iam";
import { referenced } from "../../lib/references";
import { list, record } from "../../lib/values";

/** The grant names a task role's `grants` tag declares (a space-separated list; empty for none). */
function declaredGrants(tag: string): string[] {
  return tag.split(" ").filter((g) => g !== "");
}

function isGrant(name: string): name is Grant {
  return (GRANTS as readonly string[]).includes(name);
}

/**
 * Every statement a role holds, wherever the document lives: its inline policies, an
 * `aws.iam.RolePolicy` on it, or an `aws.iam.Policy` a `RolePolicyAttachment` attaches to it.
 */
function roleStatements(resources: readonly PolicyResource[], role: PolicyResource): Statement[] {
  const inline = list(role.props.inlinePolicies as { policy?: unknown }[]).flatMap((p) => statements(p.policy));
  const rolePolicies = resources
    .filter((r) => r.isType(aws.iam.RolePolicy) && (r.props.role === role.props.name || r.dependencies.includes(role)))
    .flatMap((r) => statements(r.props.policy));
  const attachments = resources.filter(
    (r) => r.isType(aws.iam.RolePolicyAttachment) && (r.props.role === role.props.name || r.dependencies.includes(role)),
  );
  const attached = attachments
    .flatMap((a) => referenced(resources, a, [a.props.policyArn], (r) => r.isType(aws.iam.Policy)))
    .flatMap((p) => statements(p.props.policy));
  return [...inline, ...rolePolicies, ...attached];
}

/**
 * A catalog service's task role holds exactly the statements of the grants its `grants` tag declares
 * (issue 16: "no service with a grant it does not use is expressible"). Each grant contributes a fixed
 * set of statement Sids (`GRANT_SIDS`, @fin/contracts); a statement outside them is access the catalog
 * entry does not show a reviewer, and a declared grant without its statements is a catalog entry that
 * claims more than the service does. A role whose `service` tag marks it as a service's role but that
 * carries no `grants` tag (the execution role) is not a task role and is not judged here.
 */
export const TaskRoleStatementsMatchGrants: StackValidationPolicy = {
  name: "task-role-statements-match-grants",
  description: "Every task role's statements are exactly those of the grants its `grants` tag declares.",
  enforcementLevel: "mandatory",
  validateStack: (args, report) => {
    for (const role of args.resources.filter((r) => r.isType(aws.iam.Role))) {
      const tags = record(role.props.tags);
      if (typeof tags[GRANTS_TAG] !== "string") {
        continue;
      }
      const who = `Task role '${String(role.props.name)}' (service '${String(tags[SERVICE_TAG] ?? "unknown")}')`;
      const declared = declaredGrants(tags[GRANTS_TAG] as string);
      const unknown = declared.filter((g) => !isGrant(g));
      if (unknown.length > 0) {
        report(`${who} declares grants ${unknown.join(", ")}, which are not in GRANTS (${GRANTS.join(", ")}).`, role.urn);
      }
      const grants = declared.filter(isGrant);
      const allowed = new Set(grants.flatMap((g) => GRANT_SIDS[g]));
      const held = roleStatements(args.resources, role);
      const extra = held.filter((s) => !allowed.has(s.sid)).map((s) => s.sid);
      if (extra.length > 0) {
        report(`${who} holds statements ${extra.join(", ")}, which none of its grants [${grants.join(", ")}] contributes.`, role.urn);
      }
      const sids = new Set(held.map((s) => s.sid));
      const unused = grants.filter((g) => !GRANT_SIDS[g].every((sid) => sids.has(sid)));
      for (const grant of unused) {
        const missing = GRANT_SIDS[grant].filter((sid) => !sids.has(sid));
        report(`${who} declares grant '${grant}' but lacks its statements ${missing.join(", ")}; drop the grant or give the role its statements.`, role.urn);
      }
    }
  },
};
