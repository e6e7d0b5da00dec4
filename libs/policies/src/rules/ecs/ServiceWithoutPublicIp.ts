import * as aws from "@pulumi/aws";
import { ResourceValidationPolicy, validateResourceOfType } from "@pulumi/policy";

/** ECS services run in a VPC without public IPs (requirement: no direct internet access; ECS.2, CKV_AWS_333). */
export const ServiceWithoutPublicIp: ResourceValidationPolicy = {
  name: "service-without-public-ip",
  description: "ECS services run in VPC subnets without assigning public IPs.",
  enforcementLevel: "mandatory",
  validateResource: validateResourceOfType(aws.ecs.Service, (service, _args, report) => {
    const network = service.networkConfiguration;
    if (!network) {
      report("networkConfiguration is unset; the service must name its private subnets.");
    } else if (network.assignPublicIp === true) {
      report("networkConfiguration.assignPublicIp is true; it must be false.");
    }
  }),
};
