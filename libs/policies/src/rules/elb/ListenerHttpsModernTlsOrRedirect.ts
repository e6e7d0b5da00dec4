import * as aws from "@pulumi/aws";
import { ResourceValidationPolicy, validateResourceOfType } from "@pulumi/policy";
import { list, show } from "../../lib/values";

/**
 * TLS 1.2+ policies with forward secrecy only; the ones AVD-AWS-0047 and the Pulumi premium
 * aws-lb-listener-configure-secure-tls rule accept (TLS13-1-2-Res and the Ext policies are not).
 */
export const MODERN_TLS_POLICIES: readonly string[] = [
  "ELBSecurityPolicy-TLS13-1-2-2021-06",
  "ELBSecurityPolicy-TLS13-1-3-2021-06",
  "ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04",
  "ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04",
  "ELBSecurityPolicy-FS-1-2-Res-2020-10",
  "ELBSecurityPolicy-FS-1-2-Res-2019-08",
];

/**
 * HTTPS listeners use a modern TLS policy and a certificate; HTTP listeners only redirect to HTTPS
 * (ALBHttpToHttpsRedirection, ELBv2ACMCertificateRequired, ELB.1, ELB.17, CKV_AWS_2/103, AVD-AWS-0047/0054).
 */
export const ListenerHttpsModernTlsOrRedirect: ResourceValidationPolicy = {
  name: "listener-https-modern-tls-or-redirect",
  description: "Load balancer listeners serve HTTPS with a modern TLS policy, or redirect HTTP to HTTPS.",
  enforcementLevel: "mandatory",
  validateResource: validateResourceOfType(aws.lb.Listener, (listener, _args, report) => {
    if (listener.protocol === "HTTPS") {
      if (!MODERN_TLS_POLICIES.includes(String(listener.sslPolicy))) {
        report(`sslPolicy is ${show(listener.sslPolicy)}; use one of ${MODERN_TLS_POLICIES.join(", ")}.`);
      }
      if (!listener.certificateArn) {
        report("certificateArn is unset; an HTTPS listener needs an ACM certificate.");
      }
    } else if (listener.protocol === "HTTP") {
      const actions = list(listener.defaultActions);
      const redirects = actions.length > 0 && actions.every((a) => a.type === "redirect" && a.redirect?.protocol === "HTTPS");
      if (!redirects) {
        report("An HTTP listener may only redirect to HTTPS (defaultActions of type \"redirect\" with protocol \"HTTPS\").");
      }
    }
  }),
};
