import * as aws from "@pulumi/aws";
import { ResourceValidationPolicy, validateResourceOfType } from "@pulumi/policy";
import { list } from "../../lib/values";

/**
 * The adopted default security group has no rules, so nothing attached to it by accident can
 * talk (VPCDefaultSecurityGroupClosed, EC2.2, CKV2_AWS_12, AVD-AWS-0173).
 */
export const DefaultSecurityGroupClosed: ResourceValidationPolicy = {
  name: "default-security-group-closed",
  description: "The VPC's default security group has no ingress and no egress rules.",
  enforcementLevel: "mandatory",
  validateResource: validateResourceOfType(aws.ec2.DefaultSecurityGroup, (group, _args, report) => {
    const ingress = list(group.ingress).length;
    const egress = list(group.egress).length;
    if (ingress + egress > 0) {
      report(`The default security group has ${ingress} ingress and ${egress} egress rules; it must have none.`);
    }
  }),
};
