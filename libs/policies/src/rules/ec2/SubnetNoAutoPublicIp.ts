import * as aws from "@pulumi/aws";
import { ResourceValidationPolicy, validateResourceOfType } from "@pulumi/policy";

/**
 * No subnet hands out public IPs on launch, public ones included: the ALB does not need it
 * (VPCSubnetAutoAssignPublicIpDisabled, EC2.15, CKV_AWS_130, AVD-AWS-0164).
 */
export const SubnetNoAutoPublicIp: ResourceValidationPolicy = {
  name: "subnet-no-auto-public-ip",
  description: "Subnets do not auto-assign public IPv4 or IPv6 addresses.",
  enforcementLevel: "mandatory",
  validateResource: validateResourceOfType(aws.ec2.Subnet, (subnet, _args, report) => {
    if (subnet.mapPublicIpOnLaunch === true) {
      report("mapPublicIpOnLaunch is true; it must be false.");
    }
    if (subnet.assignIpv6AddressOnCreation === true) {
      report("assignIpv6AddressOnCreation is true; it must be false.");
    }
  }),
};
