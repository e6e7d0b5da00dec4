import * as aws from "@pulumi/aws";
import { ResourceValidation, ResourceValidationPolicy, ReportViolation, validateResourceOfType } from "@pulumi/policy";
import { SgRule, inlineRules, label, opensAllTraffic, worldCidrs } from "../../lib/security-groups";
import { list } from "../../lib/values";

function check(rules: SgRule[], report: ReportViolation): void {
  for (const rule of rules) {
    const world = worldCidrs(rule);
    if (world.length > 0 && opensAllTraffic(rule)) {
      report(`${label(rule)}egress of all traffic to ${world.join(", ")}; restrict egress to the security groups and prefix lists the workload needs.`);
    }
  }
}

const validations: ResourceValidation[] = [
  validateResourceOfType(aws.ec2.SecurityGroup, (group, _args, report) => check(inlineRules(group.egress, "egress"), report)),
  validateResourceOfType(aws.vpc.SecurityGroupEgressRule, (rule, _args, report) =>
    check([{ where: "", protocol: rule.ipProtocol, fromPort: rule.fromPort, toPort: rule.toPort, cidrs: [...list(rule.cidrIpv4), ...list(rule.cidrIpv6)] }], report),
  ),
  validateResourceOfType(aws.ec2.SecurityGroupRule, (rule, _args, report) => {
    if (rule.type === "egress") {
      check(
        [{ where: "", protocol: rule.protocol, fromPort: rule.fromPort, toPort: rule.toPort, cidrs: [...list(rule.cidrBlocks), ...list(rule.ipv6CidrBlocks)] }],
        report,
      );
    }
  }),
];

/** No security group allows all traffic out to the internet (CKV_AWS_382, AVD-AWS-0104). */
export const SecurityGroupNoAllowAllEgress: ResourceValidationPolicy = {
  name: "security-group-no-allow-all-egress",
  description: "Security groups do not allow all traffic out to 0.0.0.0/0 or ::/0.",
  enforcementLevel: "mandatory",
  validateResource: validations,
};
