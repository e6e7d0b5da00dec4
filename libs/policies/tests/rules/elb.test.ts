import { AlbDropsInvalidHeaders, ListenerHttpsModernTlsOrRedirect, MODERN_TLS_POLICIES } from "../../src/rules/elb";
import { messagesOf, res } from "../plan-builder";

const LB = "aws:lb/loadBalancer:LoadBalancer";
const LISTENER = "aws:lb/listener:Listener";
const CERT = "arn:aws:acm:us-east-2:123456789012:certificate/abc";

describe("alb-drops-invalid-headers", () => {
  it("passes an ALB that drops invalid headers, and ignores network load balancers", async () => {
    expect(
      await messagesOf(
        AlbDropsInvalidHeaders,
        res(LB, "alb", { loadBalancerType: "application", dropInvalidHeaderFields: true }),
        res(LB, "nlb", { loadBalancerType: "network" }),
      ),
    ).toEqual([]);
  });

  it("reports an ALB that forwards invalid headers", async () => {
    expect(await messagesOf(AlbDropsInvalidHeaders, res(LB, "alb", {}))).toEqual(["dropInvalidHeaderFields is unset; it must be true."]);
  });
});

describe("listener-https-modern-tls-or-redirect", () => {
  it("passes an HTTPS listener with TLS 1.3 and an HTTP listener that redirects, and ignores TCP", async () => {
    expect(
      await messagesOf(
        ListenerHttpsModernTlsOrRedirect,
        res(LISTENER, "https", { protocol: "HTTPS", port: 443, sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06", certificateArn: CERT }),
        res(LISTENER, "http", { protocol: "HTTP", port: 80, defaultActions: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }] }),
        res(LISTENER, "tcp", { protocol: "TCP", port: 5432 }),
      ),
    ).toEqual([]);
  });

  it("accepts exactly the TLS 1.2+ forward-secrecy policies", () => {
    expect(MODERN_TLS_POLICIES).toContain("ELBSecurityPolicy-TLS13-1-3-2021-06");
    expect(MODERN_TLS_POLICIES).not.toContain("ELBSecurityPolicy-2016-08");
    expect(MODERN_TLS_POLICIES).not.toContain("ELBSecurityPolicy-TLS13-1-2-Res-2021-06");
  });

  it("reports an outdated TLS policy and a missing certificate", async () => {
    expect(await messagesOf(ListenerHttpsModernTlsOrRedirect, res(LISTENER, "https", { protocol: "HTTPS", sslPolicy: "ELBSecurityPolicy-2016-08" }))).toEqual([
      `sslPolicy is "ELBSecurityPolicy-2016-08"; use one of ${MODERN_TLS_POLICIES.join(", ")}.`,
      "certificateArn is unset; an HTTPS listener needs an ACM certificate.",
    ]);
  });

  it.each([
    [[{ type: "forward", targetGroupArn: "arn:tg" }]],
    [[{ type: "redirect", redirect: { protocol: "HTTP", port: "8080" } }]],
    [[]],
  ])("reports an HTTP listener serving traffic (%j)", async (defaultActions) => {
    expect(await messagesOf(ListenerHttpsModernTlsOrRedirect, res(LISTENER, "http", { protocol: "HTTP", defaultActions }))).toEqual([
      'An HTTP listener may only redirect to HTTPS (defaultActions of type "redirect" with protocol "HTTPS").',
    ]);
  });
});
