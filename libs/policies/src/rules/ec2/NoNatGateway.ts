import * as aws from "@pulumi/aws";
import { ResourceValidationPolicy, validateResourceOfType } from "@pulumi/policy";

/** No NAT gateway exists: private subnets reach AWS services through VPC endpoints (requirement). */
export const NoNatGateway: ResourceValidationPolicy = {
  name: "no-nat-gateway",
  description: "No NAT gateway is deployed; private subnets use VPC endpoints.",
  enforcementLevel: "mandatory",
  validateResource: validateResourceOfType(aws.ec2.NatGateway, (_gateway, _args, report) => {
    report("NAT gateways are forbidden: use VPC endpoints for AWS services.");
  }),
};
