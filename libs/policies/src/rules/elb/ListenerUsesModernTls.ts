import * as aws from "@pulumi/aws";
import { ResourceValidationPolicy, validateResourceOfType } from "@pulumi/policy";
import { show } from "../../lib/values";

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

/** HTTPS listeners use a modern TLS policy and an ACM certificate (ELBv2ACMCertificateRequired, ELB.17, CKV_AWS_103, AVD-AWS-0047). */
export const ListenerUsesModernTls: ResourceValidationPolicy = {
  name: "listener-uses-modern-tls",
  description: "HTTPS load balancer listeners use a modern TLS policy and a certificate.",
  enforcementLevel: "mandatory",
  validateResource: validateResourceOfType(aws.lb.Listener, (listener, _args, report) => {
    if (listener.protocol !== "HTTPS") {
      return;
    }
    if (!MODERN_TLS_POLICIES.includes(String(listener.sslPolicy))) {
      report(`sslPolicy is ${show(listener.sslPolicy)}; use one of ${MODERN_TLS_POLICIES.join(", ")}.`);
    }
    if (!listener.certificateArn) {
      report("certificateArn is unset; an HTTPS listener needs an ACM certificate.");
    }
  }),
};
