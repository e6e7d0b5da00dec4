import * as aws from "@pulumi/aws";
import { ResourceValidationPolicy, validateResourceOfType } from "@pulumi/policy";
import { environmentOf, isProduction } from "../../lib/environment";
import { HTTP_REDIRECT_MESSAGE, redirectsToHttps } from "../../lib/listeners";

/**
 * Outside production, an HTTP listener that forwards is reported but allowed: those stacks may
 * have no domain for a certificate (compute ADR 0005). Production is held to the mandatory
 * http-listener-redirects-in-production instead.
 */
export const HttpListenerRedirectsToHttps: ResourceValidationPolicy = {
  name: "http-listener-redirects-to-https",
  description: "HTTP load balancer listeners redirect to HTTPS (advisory outside production).",
  enforcementLevel: "advisory",
  validateResource: validateResourceOfType(aws.lb.Listener, (listener, args, report) => {
    if (listener.protocol === "HTTP" && !isProduction(args.provider) && !redirectsToHttps(listener.defaultActions)) {
      report(`${HTTP_REDIRECT_MESSAGE} Allowed in '${environmentOf(args.provider)}' without a certificate; production requires HTTPS.`);
    }
  }),
};
