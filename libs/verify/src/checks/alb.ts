import { DescribeListenersCommand, DescribeTargetHealthCommand } from "@aws-sdk/client-elastic-load-balancing-v2";
import type { ComputeOutputs } from "@fin/contracts";
import type { Check } from "../check";
import { type ServiceTarget, serviceCheckId } from "../service-target";
import { waitingForImage } from "./ecs-live";

/** The TLS policy prod's HTTPS listener must use (TLS 1.3 and 1.2 only), as the compute layer sets it. */
export const TLS_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06";

/**
 * Every registered target is `healthy` and there is at least one
 * (https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_TargetHealth.html:
 * initial | healthy | unhealthy | unused | draining | unavailable).
 */
export function targetHealthCheck(compute: ServiceTarget): Check {
  return {
    id: serviceCheckId("alb.targets-healthy", compute),
    title: `${compute.name}: its ALB target group has targets, all healthy`,
    resource: compute.targetGroupArn,
    async run(aws) {
      const { TargetHealthDescriptions = [] } = await aws.elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: compute.targetGroupArn }));
      const byState: Record<string, number> = {};
      TargetHealthDescriptions.forEach((d) => {
        const state = d.TargetHealth?.State ?? "unknown";
        byState[state] = (byState[state] ?? 0) + 1;
      });
      const observed = { targets: TargetHealthDescriptions.length, byState };
      const expected = { targets: "> 0", byState: "healthy only" };
      const waiting = waitingForImage(compute);
      if (TargetHealthDescriptions.length === 0 && waiting !== undefined) {
        return { pass: false, verdict: "pending", reason: waiting, expected, observed };
      }
      return { pass: TargetHealthDescriptions.length > 0 && byState.healthy === TargetHealthDescriptions.length, expected, observed };
    },
  };
}

/**
 * HTTPS only: a 443 HTTPS listener with the TLS 1.3 policy, and any HTTP listener only redirects to
 * HTTPS (https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_Listener.html, API_Action.html).
 */
export function httpsOnlyCheck(compute: ComputeOutputs): Check {
  return {
    id: "alb.https-only",
    title: `the ALB serves HTTPS with ${TLS_POLICY}, and HTTP only redirects to HTTPS`,
    resource: compute.albArn,
    async run(aws) {
      const { Listeners = [] } = await aws.elb.send(new DescribeListenersCommand({ LoadBalancerArn: compute.albArn }));
      const observed = Listeners.map((l) => ({
        port: l.Port ?? null,
        protocol: l.Protocol ?? null,
        sslPolicy: l.SslPolicy ?? null,
        actions: (l.DefaultActions ?? []).map((a) => (a.Type === "redirect" ? `redirect ${a.RedirectConfig?.Protocol ?? "#{protocol}"}` : String(a.Type))),
      }));
      const https = observed.filter((l) => l.protocol === "HTTPS");
      const plain = observed.filter((l) => l.protocol === "HTTP");
      return {
        pass:
          https.length > 0 &&
          https.every((l) => l.sslPolicy === TLS_POLICY) &&
          plain.every((l) => l.actions.length === 1 && l.actions[0] === "redirect HTTPS") &&
          observed.every((l) => l.protocol === "HTTPS" || l.protocol === "HTTP"),
        expected: { https: { port: 443, sslPolicy: TLS_POLICY }, http: "redirect HTTPS only" },
        observed,
      };
    },
  };
}
