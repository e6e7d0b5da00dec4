import * as aws from "@pulumi/aws";
import { StackValidationPolicy } from "@pulumi/policy";

/**
 * Every VPC's default security group is adopted by the stack (and so emptied by
 * default-security-group-closed); AWS otherwise leaves it allowing all traffic within the group
 * and all egress (EC2.2, CKV2_AWS_12, AVD-AWS-0173).
 */
export const VpcDefaultSecurityGroupAdopted: StackValidationPolicy = {
  name: "vpc-default-security-group-adopted",
  description: "Every VPC's default security group is managed by the stack.",
  enforcementLevel: "mandatory",
  validateStack: (args, report) => {
    const adopted = new Set(args.resources.filter((r) => r.isType(aws.ec2.DefaultSecurityGroup)).map((r) => r.props.vpcId));
    for (const vpc of args.resources.filter((r) => r.isType(aws.ec2.Vpc))) {
      if (!adopted.has(vpc.props.id)) {
        report(`VPC '${vpc.props.id}' has no aws.ec2.DefaultSecurityGroup adopting its default security group.`, vpc.urn);
      }
    }
  },
};
