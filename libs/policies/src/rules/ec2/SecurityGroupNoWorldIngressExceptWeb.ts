import * as aws from "@pulumi/aws";
import { ResourceValidation, ResourceValidationPolicy, ReportViolation, validateResourceOfType } from "@pulumi/policy";
import { PUBLIC_WEB_PORTS, SgRule, describeTraffic, inlineRules, isPublicWebRule, label, worldCidrs } from "../../lib/security-groups";
import { list } from "../../lib/values";

function check(rules: SgRule[], report: ReportViolation): void {
  for (const rule of rules) {
    const world = worldCidrs(rule);
    if (world.length > 0 && !isPublicWebRule(rule)) {
      report(
        `${label(rule)}ingress from ${world.join(", ")} on ${describeTraffic(rule)}; ` +
          `only TCP ${PUBLIC_WEB_PORTS.join(" and ")} (the ALB) may be open to the internet.`,
      );
    }
  }
}

const validations: ResourceValidation[] = [
  validateResourceOfType(aws.ec2.SecurityGroup, (group, _args, report) => check(inlineRules(group.ingress, "ingress"), report)),
  validateResourceOfType(aws.vpc.SecurityGroupIngressRule, (rule, _args, report) =>
    check([{ where: "", protocol: rule.ipProtocol, fromPort: rule.fromPort, toPort: rule.toPort, cidrs: [...list(rule.cidrIpv4), ...list(rule.cidrIpv6)] }], report),
  ),
  validateResourceOfType(aws.ec2.SecurityGroupRule, (rule, _args, report) => {
    if (rule.type === "ingress") {
      check(
        [{ where: "", protocol: rule.protocol, fromPort: rule.fromPort, toPort: rule.toPort, cidrs: [...list(rule.cidrBlocks), ...list(rule.ipv6CidrBlocks)] }],
        report,
      );
    }
  }),
];

/**
 * No security group admits the internet except on TCP 443/80, which only the ALB's group opens
 * (EC23, EC2.18/19, CKV_AWS_24/25/260/277, AVD-AWS-0107). The 443/80 exemption is in RULES.md.
 */
export const SecurityGroupNoWorldIngressExceptWeb: ResourceValidationPolicy = {
  name: "security-group-no-world-ingress-except-web",
  description: "Security groups admit 0.0.0.0/0 or ::/0 only on TCP 443 and 80 (the public ALB).",
  enforcementLevel: "mandatory",
  validateResource: validations,
};
