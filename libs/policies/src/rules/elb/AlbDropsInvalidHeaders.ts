import * as aws from "@pulumi/aws";
import { ResourceValidationPolicy, validateResourceOfType } from "@pulumi/policy";
import { show } from "../../lib/values";

/** Application load balancers drop invalid HTTP header fields (ALBHttpDropInvalidHeaderEnabled, ELB.4, CKV_AWS_131, AVD-AWS-0052). */
export const AlbDropsInvalidHeaders: ResourceValidationPolicy = {
  name: "alb-drops-invalid-headers",
  description: "Application load balancers drop invalid HTTP header fields.",
  enforcementLevel: "mandatory",
  validateResource: validateResourceOfType(aws.lb.LoadBalancer, (lb, _args, report) => {
    const application = (lb.loadBalancerType ?? "application") === "application";
    if (application && lb.dropInvalidHeaderFields !== true) {
      report(`dropInvalidHeaderFields is ${show(lb.dropInvalidHeaderFields)}; it must be true.`);
    }
  }),
};
