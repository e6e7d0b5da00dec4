import * as aws from "@pulumi/aws";
import { ResourceValidationPolicy, validateResourceOfType } from "@pulumi/policy";
import { REQUIREMENTS } from "@fin/config";
import { list } from "../../lib/values";

/**
 * Every interface endpoint has a network interface in each of the VPC's AZs, so no AZ reaches AWS
 * APIs through another AZ (or not at all: there is no NAT). A networking requirement, not a
 * high-availability one: it binds the ephemeral profile too (ADR 0014).
 */
export const InterfaceEndpointsInEveryAz: ResourceValidationPolicy = {
  name: "interface-endpoints-in-every-az",
  description: `Every interface VPC endpoint has a subnet in each of the ${REQUIREMENTS.availabilityZoneCount} AZs.`,
  enforcementLevel: "mandatory",
  validateResource: validateResourceOfType(aws.ec2.VpcEndpoint, (endpoint, _args, report) => {
    const subnets = list(endpoint.subnetIds).length;
    if (endpoint.vpcEndpointType === "Interface" && subnets !== REQUIREMENTS.availabilityZoneCount) {
      report(`Interface endpoint ${String(endpoint.serviceName)} has ${subnets} subnet(s); it needs one in each of the ${REQUIREMENTS.availabilityZoneCount} AZs.`);
    }
  }),
};
