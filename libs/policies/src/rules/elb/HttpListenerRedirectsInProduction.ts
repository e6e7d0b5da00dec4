import * as aws from "@pulumi/aws";
import { ResourceValidationPolicy, validateResourceOfType } from "@pulumi/policy";
import { isProduction } from "../../lib/environment";
import { HTTP_REDIRECT_MESSAGE, redirectsToHttps } from "../../lib/listeners";

/**
 * In production, HTTP listeners only redirect to HTTPS (ALBHttpToHttpsRedirection, ELB.1,
 * CKV_AWS_2, CKV2_AWS_20, AVD-AWS-0054). Other environments may serve plain HTTP when they have no
 * domain for a certificate; http-listener-redirects-to-https reports that as advisory (RULES.md).
 */
export const HttpListenerRedirectsInProduction: ResourceValidationPolicy = {
  name: "http-listener-redirects-in-production",
  description: "In production, HTTP load balancer listeners only redirect to HTTPS.",
  enforcementLevel: "mandatory",
  validateResource: validateResourceOfType(aws.lb.Listener, (listener, args, report) => {
    if (listener.protocol === "HTTP" && isProduction(args.provider) && !redirectsToHttps(listener.defaultActions)) {
      report(HTTP_REDIRECT_MESSAGE);
    }
  }),
};
